using Automation.Alerts;

namespace Automation.Engine.Alerts;

/// <summary>When an alert is escalated: open (not acknowledged), never escalated, older than the route's delay.</summary>
public static class AlertEscalation
{
    /// <summary>Whether <paramref name="alert"/> is due for escalation at <paramref name="now"/>.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="routes">The routes.</param>
    /// <param name="now">The time.</param>
    /// <returns><see langword="true"/> when it must be escalated now.</returns>
    public static bool IsDue(Alert alert, AlertRoutes routes, DateTimeOffset now) =>
        routes.EscalationAfter is { } after
        && routes.EscalationChannels.Count > 0
        && alert.Status == AlertStatus.Open
        && alert.SuppressedBy is null
        && alert.EscalatedAt is null
        && alert.Severity >= routes.MinSeverity
        && now - alert.RaisedAt >= after;

    /// <summary>When the next of <paramref name="alerts"/> falls due, for arming a timer.</summary>
    /// <param name="alerts">Unresolved alerts.</param>
    /// <param name="routes">The routes.</param>
    /// <returns>The earliest due time, or <see langword="null"/> when none will escalate.</returns>
    public static DateTimeOffset? NextDue(IEnumerable<Alert> alerts, AlertRoutes routes) =>
        routes.EscalationAfter is not { } after || routes.EscalationChannels.Count == 0
            ? null
            : alerts.Where(a => a.Status == AlertStatus.Open && a.EscalatedAt is null && a.SuppressedBy is null && a.Severity >= routes.MinSeverity)
                .Select(a => (DateTimeOffset?)(a.RaisedAt + after))
                .Min();
}
