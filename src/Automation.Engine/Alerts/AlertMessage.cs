using System.Globalization;
using System.Text;
using System.Text.Json;
using Automation.Alerts;

namespace Automation.Engine.Alerts;

/// <summary>
/// The built-in alert message (the seed's alert body: alert name, severity, time, source, description, metrics,
/// recommended action, dashboard link), and the model a stored template renders over.
/// </summary>
public static class AlertMessage
{
    /// <summary>The subject line.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="kind">One of <see cref="AlertDeliveryKinds"/>.</param>
    /// <returns>e.g. <c>[CRITICAL] Service payments is unhealthy</c>, <c>[RESOLVED] …</c>, <c>[ESCALATED] …</c>.</returns>
    public static string Subject(Alert alert, string kind) => kind switch
    {
        AlertDeliveryKinds.Resolved => $"[RESOLVED] {alert.Title}",
        AlertDeliveryKinds.Escalated => $"[ESCALATED] [{Label(alert.Severity)}] {alert.Title}",
        _ => $"[{Label(alert.Severity)}] {alert.Title}",
    };

    /// <summary>The body text.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="kind">One of <see cref="AlertDeliveryKinds"/>.</param>
    /// <returns>The text, one labelled line per field.</returns>
    public static string Body(Alert alert, string kind)
    {
        var text = new StringBuilder();
        Line(text, "Alert", alert.Title);
        Line(text, "Severity", Label(alert.Severity));
        Line(text, "Status", kind == AlertDeliveryKinds.Resolved ? "RESOLVED" : alert.Status.ToString().ToUpperInvariant());
        Line(text, "Time", alert.RaisedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        if (kind == AlertDeliveryKinds.Resolved && alert.ResolvedAt is { } resolvedAt)
        {
            Line(text, "Resolved", $"{resolvedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)} by {alert.ResolvedBy}");
        }

        Line(text, "Source", $"{alert.SourceKind} {alert.SourceName}");
        Line(text, "Description", alert.Description);
        Line(text, "Metrics", alert.Metrics is { ValueKind: JsonValueKind.Object } m ? Metrics(m) : "none");
        Line(text, "Recommended action", alert.RecommendedAction ?? "none");
        Line(text, "Dashboard", alert.DashboardLink ?? "none");
        Line(text, "Alert id", alert.Id);
        return text.ToString();
    }

    /// <summary>The model a stored template renders over (its <c>data</c>), and the <c>data</c> of a webhook delivery.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="kind">One of <see cref="AlertDeliveryKinds"/>.</param>
    /// <returns>A JSON object.</returns>
    public static JsonElement Model(Alert alert, string kind) => JsonSerializer.SerializeToElement(new
    {
        kind,
        id = alert.Id,
        name = alert.Title,
        severity = alert.Severity.ToString().ToLowerInvariant(),
        status = alert.Status.ToString().ToLowerInvariant(),
        time = alert.RaisedAt,
        source = new { kind = alert.SourceKind, name = alert.SourceName, rule = alert.Rule },
        description = alert.Description,
        metrics = alert.Metrics,
        recommendedAction = alert.RecommendedAction,
        dashboardLink = alert.DashboardLink,
        acknowledgedBy = alert.AcknowledgedBy,
        acknowledgedAt = alert.AcknowledgedAt,
        resolvedBy = alert.ResolvedBy,
        resolvedAt = alert.ResolvedAt,
        escalatedAt = alert.EscalatedAt,
    });

    private static string Label(AlertSeverity severity) => severity.ToString().ToUpperInvariant();

    private static string Metrics(JsonElement metrics) =>
        string.Join(", ", metrics.EnumerateObject().Select(p => $"{p.Name}={(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}"));

    private static void Line(StringBuilder text, string label, string value) => text.Append(label).Append(": ").Append(value).Append('\n');
}
