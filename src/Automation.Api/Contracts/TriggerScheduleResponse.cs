using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>The run a trigger started.</summary>
/// <param name="WorkflowId">The workflow id, <c>{scheduleId}:manual-{yyyyMMddTHHmmssfffZ}</c>.</param>
/// <param name="Status">The workflow's status.</param>
public sealed record TriggerScheduleResponse(string WorkflowId, WorkflowStatus Status);
