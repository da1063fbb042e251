namespace Automation.Schedules;

/// <summary>A schedule as stored, with its next fire times.</summary>
/// <param name="Id">The schedule id.</param>
/// <param name="Spec">What it starts and when.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When its spec or pause state last changed.</param>
/// <param name="CreatedBy">Who created it.</param>
/// <param name="NextFires">The next 10 fire times (before jitter; empty while paused).</param>
/// <param name="Runs">The latest 20 runs it started, newest first.</param>
[GenerateSerializer, Immutable, Alias("automation.ScheduleSnapshot")]
public sealed record ScheduleSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] ScheduleSpec Spec,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] string? CreatedBy,
    [property: Id(5)] IReadOnlyList<DateTimeOffset> NextFires,
    [property: Id(6)] IReadOnlyList<ScheduleRun> Runs)
{
    /// <summary>The latest fire time the schedule has handled (started, skipped or buffered).</summary>
    [Id(7)] public DateTimeOffset? LastFireAt { get; init; }

    /// <summary>Fires skipped (by the overlap or catch-up policy) since creation.</summary>
    [Id(8)] public long Skipped { get; init; }

    /// <summary>The fire time kept by <see cref="ScheduleOverlap.BufferOne"/> until the previous run finishes.</summary>
    [Id(9)] public DateTimeOffset? Buffered { get; init; }

    /// <summary>Why the latest fire could not start (e.g. the definition was deleted), or <see langword="null"/>.</summary>
    [Id(10)] public string? LastError { get; init; }
}
