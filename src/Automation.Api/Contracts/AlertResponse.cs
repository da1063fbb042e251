using System.Text.Json;
using Automation.Alerts;

namespace Automation.Api.Contracts;

/// <summary>An alert.</summary>
/// <param name="Id">The alert id.</param>
/// <param name="SourceKind">The kind of source, e.g. <c>service</c>.</param>
/// <param name="Source">The source's name, e.g. the service name.</param>
/// <param name="Rule">The rule that fired (with the source, the de-duplication key).</param>
/// <param name="Severity">How urgent it is.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Title">The alert name.</param>
/// <param name="Description">What happened.</param>
/// <param name="Metrics">Figures behind it (a JSON object), if any.</param>
/// <param name="RecommendedAction">What to do, if known.</param>
/// <param name="DashboardLink">Where to look, if anywhere.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="AcknowledgedBy">Who acknowledged it.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="AcknowledgeComment">The comment given.</param>
/// <param name="ResolvedBy">Who resolved it (<c>auto</c> when its source recovered).</param>
/// <param name="ResolvedAt">When.</param>
/// <param name="ResolveComment">The comment given, or the reason of an automatic resolution.</param>
/// <param name="EscalatedAt">When it was escalated.</param>
/// <param name="SuppressedBy">Why it was recorded without being raised (<c>maintenance</c>), if so.</param>
/// <param name="Deliveries">Every message sent about it.</param>
public sealed record AlertResponse(
    string Id, string SourceKind, string Source, string Rule, AlertSeverity Severity, AlertStatus Status, string Title, string Description,
    JsonElement? Metrics, string? RecommendedAction, string? DashboardLink, DateTimeOffset RaisedAt,
    string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, string? AcknowledgeComment,
    string? ResolvedBy, DateTimeOffset? ResolvedAt, string? ResolveComment, DateTimeOffset? EscalatedAt, string? SuppressedBy,
    IReadOnlyList<AlertDeliveryResponse> Deliveries)
{
    /// <summary>Maps a stored alert.</summary>
    /// <param name="a">The alert.</param>
    /// <returns>The response.</returns>
    public static AlertResponse From(Alert a) => new(
        a.Id, a.SourceKind, a.SourceName, a.Rule, a.Severity, a.Status, a.Title, a.Description, a.Metrics, a.RecommendedAction, a.DashboardLink, a.RaisedAt,
        a.AcknowledgedBy, a.AcknowledgedAt, a.AcknowledgeComment, a.ResolvedBy, a.ResolvedAt, a.ResolveComment, a.EscalatedAt, a.SuppressedBy,
        [.. a.Deliveries.Select(d => new AlertDeliveryResponse(d.Channel, d.Kind, d.At, d.Outcome, d.Attempts, d.Error, d.IdempotencyKey, d.NextAttemptAt))]);
}
