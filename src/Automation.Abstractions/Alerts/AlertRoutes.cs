namespace Automation.Alerts;

/// <summary>Where alerts go: one route for every source, set through <c>PUT /api/v1/alerts/routes</c>.</summary>
/// <param name="Channels">The notification channels that receive raised and resolved alerts.</param>
/// <param name="MinSeverity">Alerts below this severity are recorded but not delivered.</param>
[GenerateSerializer, Immutable, Alias("automation.AlertRoutes")]
public sealed record AlertRoutes(
    [property: Id(0)] IReadOnlyList<string> Channels,
    [property: Id(1)] AlertSeverity MinSeverity)
{
    /// <summary>No channels: alerts are recorded only.</summary>
    public static AlertRoutes None { get; } = new([], AlertSeverity.Info);

    /// <summary>How long an alert may stay open (unacknowledged) before it is escalated; <see langword="null"/> for never.</summary>
    [Id(2)] public TimeSpan? EscalationAfter { get; init; }

    /// <summary>The channels that receive escalations.</summary>
    [Id(3)] public IReadOnlyList<string> EscalationChannels { get; init; } = [];

    /// <summary>A stored notification template to render messages with (over the alert's fields); the built-in text when <see langword="null"/>.</summary>
    [Id(4)] public string? Template { get; init; }

    /// <summary>Who last set the routes.</summary>
    [Id(5)] public string? UpdatedBy { get; init; }

    /// <summary>When the routes were last set.</summary>
    [Id(6)] public DateTimeOffset? UpdatedAt { get; init; }
}
