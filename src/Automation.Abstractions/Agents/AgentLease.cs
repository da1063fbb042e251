namespace Automation.Agents;

/// <summary>A task an agent holds.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="WorkflowId">Its workflow.</param>
/// <param name="StepId">Its step.</param>
/// <param name="LeasedAt">When the lease began.</param>
[GenerateSerializer, Immutable, Alias("automation.AgentLease")]
public sealed record AgentLease(
    [property: Id(0)] string TaskId,
    [property: Id(1)] string WorkflowId,
    [property: Id(2)] string StepId,
    [property: Id(3)] DateTimeOffset LeasedAt);
