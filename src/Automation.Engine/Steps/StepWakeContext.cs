using Automation.Definitions;

namespace Automation.Engine.Steps;

/// <summary>What a step kind sees when its waiting step is due.</summary>
/// <param name="WorkflowId">The workflow instance id.</param>
/// <param name="Step">The step's definition.</param>
/// <param name="DueAt">When the step asked to be woken.</param>
/// <param name="Now">The engine's current time (at or after <paramref name="DueAt"/>).</param>
public sealed record StepWakeContext(string WorkflowId, StepDefinition Step, DateTimeOffset DueAt, DateTimeOffset Now);
