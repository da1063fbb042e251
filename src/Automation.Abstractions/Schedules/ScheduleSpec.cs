using System.Text.Json;

namespace Automation.Schedules;

/// <summary>What a schedule starts and when, as given to <c>PUT /api/v1/schedules/{id}</c>.</summary>
/// <param name="Cron">A cron expression of 5 fields, or 6 with seconds first (Cronos syntax).</param>
/// <param name="TimeZone">The IANA time zone the expression is read in.</param>
/// <param name="Definition">The definition to start.</param>
/// <param name="Version">The version to pin, or <see langword="null"/> for the latest at each fire.</param>
/// <param name="Input">The input of every started workflow.</param>
[GenerateSerializer, Immutable, Alias("automation.ScheduleSpec")]
public sealed record ScheduleSpec(
    [property: Id(0)] string Cron,
    [property: Id(1)] string TimeZone,
    [property: Id(2)] string Definition,
    [property: Id(3)] int? Version,
    [property: Id(4)] JsonElement Input)
{
    /// <summary>Tags put on every started workflow, besides <c>schedule:{id}</c>.</summary>
    [Id(5)] public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>What to do with missed fires; default <see cref="ScheduleCatchUp.One"/>.</summary>
    [Id(6)] public ScheduleCatchUp CatchUp { get; init; } = ScheduleCatchUp.One;

    /// <summary>How far back <see cref="ScheduleCatchUp.All"/> reaches.</summary>
    [Id(7)] public TimeSpan? CatchUpWindow { get; init; }

    /// <summary>What to do while the previous run is active; default <see cref="ScheduleOverlap.Skip"/>.</summary>
    [Id(8)] public ScheduleOverlap Overlap { get; init; } = ScheduleOverlap.Skip;

    /// <summary>Each fire is delayed by a deterministic amount below this; <see langword="null"/> for none.</summary>
    [Id(9)] public TimeSpan? Jitter { get; init; }

    /// <summary>Whether the schedule is paused.</summary>
    [Id(10)] public bool Paused { get; init; }
}
