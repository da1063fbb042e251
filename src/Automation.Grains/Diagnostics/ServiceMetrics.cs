using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Automation.Services;

namespace Automation.Grains.Diagnostics;

/// <summary>
/// Monitored services' instruments on the <see cref="AutomationMetrics.MeterName"/> meter, labelled by <c>service</c>
/// only (services are a bounded, registered set). Exported as <c>automation_service_probe_duration_seconds</c>,
/// <c>automation_service_up</c>, <c>automation_service_state</c>, <c>automation_service_transitions_total</c>,
/// <c>automation_service_breaker_open</c> and <c>automation_service_breaker_opened_total</c>.
/// A silo reports the services whose grains it hosts; a service that moves leaves its old silo's gauges.
/// </summary>
public sealed class ServiceMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _breakerOpened;
    private readonly ConcurrentDictionary<string, (int Up, int State)> _gauges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _breakers = new(StringComparer.Ordinal);

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public ServiceMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(AutomationMetrics.MeterName);
        _duration = _meter.CreateHistogram<double>("automation.service.probe.duration", unit: "s", description: "Probe duration, by service.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _transitions = _meter.CreateCounter<long>("automation.service.transitions", description: "Status transitions, by service.");
        _meter.CreateObservableGauge("automation.service.up", () => _gauges.Select(g => new Measurement<int>(g.Value.Up, Tag(g.Key))),
            description: "1 when the service's latest probe passed, else 0.");
        _meter.CreateObservableGauge("automation.service.state", () => _gauges.Select(g => new Measurement<int>(g.Value.State, Tag(g.Key))),
            description: "Shown status: 0 Unknown, 1 Healthy, 2 Degraded, 3 Unhealthy, 4 Maintenance, 5 Impacted.");
        _breakerOpened = _meter.CreateCounter<long>("automation.service.breaker.opened", description: "Times the circuit breaker shared with http steps opened, by service.");
        _meter.CreateObservableGauge("automation.service.breaker.open", () => _breakers.Select(b => new Measurement<int>(b.Value, Tag(b.Key))),
            description: "1 while the circuit breaker shared with http steps is open (or half-open), else 0.");
    }

    /// <summary>Records the breaker's state after a change, counting an opening.</summary>
    /// <param name="service">The service.</param>
    /// <param name="state">The state now.</param>
    public void Breaker(string service, BreakerState state)
    {
        var open = state == BreakerState.Closed ? 0 : 1;
        if (open == 1 && _breakers.GetValueOrDefault(service) == 0)
        {
            _breakerOpened.Add(1, Tag(service));
        }

        _breakers[service] = open;
    }

    /// <summary>Records a probe and the status after it.</summary>
    /// <param name="service">The service.</param>
    /// <param name="result">The probe result.</param>
    /// <param name="status">The shown status after it.</param>
    public void Probed(string service, ProbeResult result, ServiceStatus status)
    {
        _duration.Record(result.LatencyMs / 1000.0, Tag(service));
        _gauges[service] = (result.Passed ? 1 : 0, (int)status);
    }

    /// <summary>Sets the state gauge (after a change without a probe).</summary>
    /// <param name="service">The service.</param>
    /// <param name="status">The shown status.</param>
    /// <param name="up">Whether its latest probe passed.</param>
    public void Status(string service, ServiceStatus status, bool up) => _gauges[service] = (up ? 1 : 0, (int)status);

    /// <summary>Counts a transition.</summary>
    /// <param name="service">The service.</param>
    public void Transitioned(string service) => _transitions.Add(1, Tag(service));

    /// <summary>Stops reporting a service here (deleted, or its grain left this silo).</summary>
    /// <param name="service">The service.</param>
    public void Forget(string service)
    {
        _gauges.TryRemove(service, out _);
        _breakers.TryRemove(service, out _);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Tag(string service) => new("service", service);
}
