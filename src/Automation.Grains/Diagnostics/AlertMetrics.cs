using System.Diagnostics.Metrics;
using Automation.Alerts;

namespace Automation.Grains.Diagnostics;

/// <summary>
/// Alert instruments on the <see cref="AutomationMetrics.MeterName"/> meter, with bounded labels only: exported as
/// <c>automation_alerts_raised_total{severity,source_kind}</c>, <c>automation_alerts_open{severity}</c> (reported by
/// the silo hosting the alert manager) and <c>automation_alert_deliveries_total{channel_type,outcome}</c>.
/// </summary>
public sealed class AlertMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _raised;
    private readonly Counter<long> _deliveries;
    private readonly long[] _open = new long[3];
    private volatile bool _reporting;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public AlertMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(AutomationMetrics.MeterName);
        _raised = _meter.CreateCounter<long>("automation.alerts.raised", description: "Alerts raised, by severity and kind of source.");
        _deliveries = _meter.CreateCounter<long>("automation.alert.deliveries", description: "Alert messages after their last attempt, by channel type and outcome.");
        _meter.CreateObservableGauge("automation.alerts.open", Open, description: "Unresolved alerts (open or acknowledged), by severity.");
    }

    /// <summary>Counts a raised alert.</summary>
    /// <param name="severity">Its severity.</param>
    /// <param name="sourceKind">Its kind of source (a small fixed set: services, and other built-in sources).</param>
    public void Raised(AlertSeverity severity, string sourceKind) =>
        _raised.Add(1, new KeyValuePair<string, object?>("severity", Label(severity)), new KeyValuePair<string, object?>("source_kind", sourceKind));

    /// <summary>Counts a delivery.</summary>
    /// <param name="channelType">The channel type (<c>webhook</c>, <c>slack</c>, <c>email</c>, or <c>unknown</c> when the channel is missing).</param>
    /// <param name="outcome"><see cref="AlertDelivery.Delivered"/> or <see cref="AlertDelivery.Failed"/>.</param>
    public void Delivered(string channelType, string outcome) =>
        _deliveries.Add(1, new KeyValuePair<string, object?>("channel_type", channelType), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Sets the open gauge from the unresolved alerts (the alert manager's silo reports it).</summary>
    /// <param name="unresolved">Every unresolved alert.</param>
    public void SetOpen(IEnumerable<Alert> unresolved)
    {
        var counts = new long[3];
        foreach (var alert in unresolved)
        {
            counts[(int)alert.Severity]++;
        }

        for (var i = 0; i < counts.Length; i++)
        {
            Interlocked.Exchange(ref _open[i], counts[i]);
        }

        _reporting = true;
    }

    /// <summary>Stops reporting the open gauge here (the alert manager left this silo).</summary>
    public void StopReporting() => _reporting = false;

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> Open() =>
        _reporting
            ? Enum.GetValues<AlertSeverity>().Select(s => new Measurement<long>(Interlocked.Read(ref _open[(int)s]), new KeyValuePair<string, object?>("severity", Label(s))))
            : [];

    private static string Label(AlertSeverity severity) => severity.ToString().ToLowerInvariant();
}
