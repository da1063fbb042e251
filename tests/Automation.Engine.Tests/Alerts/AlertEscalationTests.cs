using Automation.Alerts;
using Automation.Engine.Alerts;

namespace Automation.Engine.Tests.Alerts;

/// <summary>When an alert escalates (issue 11 item 6): open, never escalated, past the delay, routed.</summary>
public sealed class AlertEscalationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly AlertRoutes Routes = new(["ops"], AlertSeverity.Warning)
    {
        EscalationAfter = TimeSpan.FromMinutes(15),
        EscalationChannels = ["pager"],
    };

    private static Alert Open(AlertSeverity severity = AlertSeverity.Critical) =>
        new("0123456789abcdef0123456789abcdef", "service", "pay", "unhealthy", severity, AlertStatus.Open, "Service pay is unhealthy", "HTTP 503", T0);

    [Fact]
    public void IsDue_OpenPastTheDelay_IsTrue()
    {
        var due = AlertEscalation.IsDue(Open(), Routes, T0.AddMinutes(15));

        due.Should().BeTrue();
    }

    [Fact]
    public void IsDue_BeforeTheDelay_IsFalse()
    {
        var due = AlertEscalation.IsDue(Open(), Routes, T0.AddMinutes(14).AddSeconds(59));

        due.Should().BeFalse();
    }

    [Fact]
    public void IsDue_AcknowledgedResolvedOrAlreadyEscalated_IsFalse()
    {
        var now = T0.AddHours(1);

        var acknowledged = AlertEscalation.IsDue(Open() with { Status = AlertStatus.Acknowledged }, Routes, now);
        var resolved = AlertEscalation.IsDue(Open() with { Status = AlertStatus.Resolved }, Routes, now);
        var escalated = AlertEscalation.IsDue(Open() with { EscalatedAt = T0.AddMinutes(15) }, Routes, now);

        (acknowledged, resolved, escalated).Should().Be((false, false, false));
    }

    [Fact]
    public void IsDue_BelowMinSeverityOrWithoutEscalation_IsFalse()
    {
        var now = T0.AddHours(1);

        var info = AlertEscalation.IsDue(Open(AlertSeverity.Info), Routes, now);
        var noEscalation = AlertEscalation.IsDue(Open(), Routes with { EscalationAfter = null }, now);
        var noChannels = AlertEscalation.IsDue(Open(), Routes with { EscalationChannels = [] }, now);

        (info, noEscalation, noChannels).Should().Be((false, false, false));
    }

    [Fact]
    public void NextDue_OfSeveralAlerts_IsTheEarliestOpenOne()
    {
        Alert[] alerts = [Open() with { RaisedAt = T0.AddMinutes(5) }, Open(), Open() with { RaisedAt = T0.AddMinutes(-5), Status = AlertStatus.Acknowledged }];

        var next = AlertEscalation.NextDue(alerts, Routes);

        next.Should().Be(T0.AddMinutes(15));
    }
}
