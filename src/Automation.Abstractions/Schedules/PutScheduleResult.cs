using Automation.Definitions;

namespace Automation.Schedules;

/// <summary>The result of <see cref="IScheduleGrain.PutAsync"/>.</summary>
/// <param name="Created">Whether the schedule was created (rather than replaced).</param>
/// <param name="Snapshot">The schedule after the change; <see langword="null"/> when <paramref name="Errors"/> is set.</param>
/// <param name="Errors">What is wrong with the spec (cron expression, time zone), by JSON path; nothing was changed.</param>
[GenerateSerializer, Immutable, Alias("automation.PutScheduleResult")]
public sealed record PutScheduleResult(
    [property: Id(0)] bool Created,
    [property: Id(1)] ScheduleSnapshot? Snapshot,
    [property: Id(2)] IReadOnlyList<ValidationError>? Errors = null);
