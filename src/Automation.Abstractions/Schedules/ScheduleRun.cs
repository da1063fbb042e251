namespace Automation.Schedules;

/// <summary>One workflow a schedule started.</summary>
/// <param name="WorkflowId">The workflow's id: <c>{scheduleId}:{yyyyMMddTHHmmssZ}</c> of the fire time (<c>…:manual-…</c> for a trigger).</param>
/// <param name="ScheduledAt">The fire time it belongs to (the trigger time for a manual fire).</param>
/// <param name="StartedAt">When the schedule started it.</param>
/// <param name="Manual">Whether it was started by a trigger.</param>
[GenerateSerializer, Immutable, Alias("automation.ScheduleRun")]
public sealed record ScheduleRun(
    [property: Id(0)] string WorkflowId,
    [property: Id(1)] DateTimeOffset ScheduledAt,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] bool Manual);
