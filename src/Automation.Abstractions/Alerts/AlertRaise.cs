using System.Text.Json;

namespace Automation.Alerts;

/// <summary>What a source asks for when it raises an alert.</summary>
/// <param name="SourceKind">The kind of source, e.g. <see cref="AlertSourceKinds.Service"/>.</param>
/// <param name="SourceName">The source's name, e.g. the service name.</param>
/// <param name="Rule">The rule that fired; with the source it is the de-duplication key (one open alert per key).</param>
/// <param name="Severity">How urgent it is.</param>
/// <param name="Title">A one-line title (the alert name in messages).</param>
/// <param name="Description">What happened.</param>
[GenerateSerializer, Immutable, Alias("automation.AlertRaise")]
public sealed record AlertRaise(
    [property: Id(0)] string SourceKind,
    [property: Id(1)] string SourceName,
    [property: Id(2)] string Rule,
    [property: Id(3)] AlertSeverity Severity,
    [property: Id(4)] string Title,
    [property: Id(5)] string Description)
{
    /// <summary>Figures behind the alert (a JSON object), if any.</summary>
    [Id(6)] public JsonElement? Metrics { get; init; }

    /// <summary>What the reader should do, if known.</summary>
    [Id(7)] public string? RecommendedAction { get; init; }

    /// <summary>Where to look, if anywhere.</summary>
    [Id(8)] public string? DashboardLink { get; init; }

    /// <summary>When the condition began (the transition's time); the raise time when <see langword="null"/>.</summary>
    [Id(9)] public DateTimeOffset? At { get; init; }

    /// <summary>The de-duplication key: <c>kind/name/rule</c>.</summary>
    public string Key => AlertKey(SourceKind, SourceName, Rule);

    /// <summary>The de-duplication key of a source's rule.</summary>
    /// <param name="sourceKind">The kind of source.</param>
    /// <param name="sourceName">The source's name.</param>
    /// <param name="rule">The rule.</param>
    /// <returns><c>kind/name/rule</c>.</returns>
    public static string AlertKey(string sourceKind, string sourceName, string rule) => $"{sourceKind}/{sourceName}/{rule}";
}
