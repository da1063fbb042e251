namespace Automation.Workflows;

/// <summary>The result of <see cref="IWorkflowGrain.ApproveAsync"/>.</summary>
/// <param name="Outcome">Whether the decision was recorded.</param>
/// <param name="Snapshot">The workflow's state after the request; <see langword="null"/> when not found.</param>
[GenerateSerializer, Immutable, Alias("automation.ApproveStepResult")]
public sealed record ApproveStepResult(
    [property: Id(0)] ApproveStepOutcome Outcome,
    [property: Id(1)] WorkflowSnapshot? Snapshot);
