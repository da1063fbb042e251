using System.Diagnostics.Metrics;
using Automation.Alerts;
using Automation.Grains.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Grains.Tests.Alerts;

/// <summary>Alert instruments: names that export as the Prometheus series of ADR 0016, with bounded labels only.</summary>
public sealed class AlertMetricsTests
{
    [Fact]
    public void Instruments_WhenUsed_MeasureWithSeverityKindChannelTypeAndOutcomeLabels()
    {
        using var provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        using var metrics = new AlertMetrics(factory);
        var measured = new List<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter: silos of other tests in this process publish the same instruments.
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == AutomationMetrics.MeterName && instrument.Name.StartsWith("automation.alert", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measured.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        var alert = new Alert("0123456789abcdef0123456789abcdef", "service", "pay", "unhealthy", AlertSeverity.Critical, AlertStatus.Open, "t", "d", DateTimeOffset.UnixEpoch);

        metrics.Raised(AlertSeverity.Critical, "service");
        metrics.Delivered("webhook", AlertDelivery.Delivered);
        metrics.SetOpen([alert, alert with { Severity = AlertSeverity.Warning }, alert]);
        listener.RecordObservableInstruments();

        measured.Should().Contain(("automation.alerts.raised", 1, "severity=critical,source_kind=service"));
        measured.Should().Contain(("automation.alert.deliveries", 1, "channel_type=webhook,outcome=delivered"));
        measured.Where(m => m.Instrument == "automation.alerts.open").Should().BeEquivalentTo(new[]
        {
            ("automation.alerts.open", 0L, "severity=info"),
            ("automation.alerts.open", 1L, "severity=warning"),
            ("automation.alerts.open", 2L, "severity=critical"),
        });
    }
}
