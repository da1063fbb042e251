namespace Automation.Api.Contracts;

/// <summary>A task an agent holds.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="WorkflowId">Its workflow.</param>
/// <param name="StepId">Its step.</param>
/// <param name="LeasedAt">When the lease began.</param>
public sealed record AgentLeaseResponse(string TaskId, string WorkflowId, string StepId, DateTimeOffset LeasedAt);
