using System.Text.Json;

namespace Automation.Alerts;

/// <summary>An alert as stored: what was raised, who acknowledged and resolved it, and every message sent about it.</summary>
/// <param name="Id">The alert id (32 hex digits).</param>
/// <param name="SourceKind">The kind of source, e.g. <see cref="AlertSourceKinds.Service"/>.</param>
/// <param name="SourceName">The source's name.</param>
/// <param name="Rule">The rule that fired.</param>
/// <param name="Severity">How urgent it is.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Title">The one-line title.</param>
/// <param name="Description">What happened.</param>
/// <param name="RaisedAt">When it was raised.</param>
[GenerateSerializer, Immutable, Alias("automation.Alert")]
public sealed record Alert(
    [property: Id(0)] string Id,
    [property: Id(1)] string SourceKind,
    [property: Id(2)] string SourceName,
    [property: Id(3)] string Rule,
    [property: Id(4)] AlertSeverity Severity,
    [property: Id(5)] AlertStatus Status,
    [property: Id(6)] string Title,
    [property: Id(7)] string Description,
    [property: Id(8)] DateTimeOffset RaisedAt)
{
    /// <summary>The actor recorded for automatic resolutions.</summary>
    public const string Auto = "auto";

    /// <summary>Figures behind the alert (a JSON object), if any.</summary>
    [Id(9)] public JsonElement? Metrics { get; init; }

    /// <summary>What the reader should do, if known.</summary>
    [Id(10)] public string? RecommendedAction { get; init; }

    /// <summary>Where to look, if anywhere.</summary>
    [Id(11)] public string? DashboardLink { get; init; }

    /// <summary>Who acknowledged it.</summary>
    [Id(12)] public string? AcknowledgedBy { get; init; }

    /// <summary>When it was acknowledged.</summary>
    [Id(13)] public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>The comment given when acknowledging.</summary>
    [Id(14)] public string? AcknowledgeComment { get; init; }

    /// <summary>Who resolved it (<see cref="Auto"/> when its source recovered).</summary>
    [Id(15)] public string? ResolvedBy { get; init; }

    /// <summary>When it was resolved.</summary>
    [Id(16)] public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The comment given (or the reason, when automatic) when resolving.</summary>
    [Id(17)] public string? ResolveComment { get; init; }

    /// <summary>When it was escalated (sent to the escalation channels), at most once.</summary>
    [Id(18)] public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>Why it was recorded without being raised (e.g. <c>maintenance</c>): such an alert is stored resolved and never delivered.</summary>
    [Id(19)] public string? SuppressedBy { get; init; }

    /// <summary>Every message sent about it, in order.</summary>
    [Id(20)] public IReadOnlyList<AlertDelivery> Deliveries { get; init; } = [];

    /// <summary>The paging position (ascending with creation).</summary>
    [Id(21)] public long Sequence { get; init; }

    /// <summary>The de-duplication key: <c>kind/name/rule</c>.</summary>
    public string Key => AlertRaise.AlertKey(SourceKind, SourceName, Rule);
}
