namespace Automation.Workflows;

/// <summary>The result of <see cref="IWorkflowGrain.CancelAsync"/>.</summary>
/// <param name="Outcome">Whether this request cancelled the workflow.</param>
/// <param name="Snapshot">The workflow's state after the request; <see langword="null"/> when not found.</param>
[GenerateSerializer, Immutable, Alias("automation.CancelWorkflowResult")]
public sealed record CancelWorkflowResult(
    [property: Id(0)] CancelWorkflowOutcome Outcome,
    [property: Id(1)] WorkflowSnapshot? Snapshot);
