using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Automation.Services;

namespace Automation.Grains.Diagnostics;

/// <summary>
/// Monitored services' instruments on the <see cref="AutomationMetrics.MeterName"/> meter, labelled by <c>service</c>
/// only (services are a bounded, registered set). Exported as <c>automation_service_probe_duration_seconds</c>,
/// <c>automation_service_up</c>, <c>automation_service_state</c> and <c>automation_service_transitions_total</c>.
/// A silo reports the services whose grains it hosts; a service that moves leaves its old silo's gauges.
/// </summary>
public sealed class ServiceMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _transitions;
    private readonly ConcurrentDictionary<string, (int Up, int State)> _gauges = new(StringComparer.Ordinal);

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
    public void Forget(string service) => _gauges.TryRemove(service, out _);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Tag(string service) => new("service", service);
}
