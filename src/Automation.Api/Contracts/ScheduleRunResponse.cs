using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>One workflow a schedule started.</summary>
/// <param name="WorkflowId">The workflow id (<c>{scheduleId}:{yyyyMMddTHHmmssZ}</c>, or <c>…:manual-…</c> for a trigger).</param>
/// <param name="ScheduledAt">The fire time it belongs to.</param>
/// <param name="StartedAt">When it was started.</param>
/// <param name="Manual">Whether a trigger started it.</param>
/// <param name="Status">Its current status (Running, Completed, …), or <see langword="null"/> when it cannot be read.</param>
public sealed record ScheduleRunResponse(string WorkflowId, DateTimeOffset ScheduledAt, DateTimeOffset StartedAt, bool Manual, WorkflowStatus? Status);
