namespace Automation.Workflows;

/// <summary>The result of <see cref="IWorkflowGrain.SignalAsync"/>.</summary>
/// <param name="Outcome">What happened to the signal.</param>
/// <param name="Snapshot">The workflow's state after the request; <see langword="null"/> when not found.</param>
/// <param name="StepId">The step that took the signal, when delivered.</param>
[GenerateSerializer, Immutable, Alias("automation.SignalWorkflowResult")]
public sealed record SignalWorkflowResult(
    [property: Id(0)] SignalWorkflowOutcome Outcome,
    [property: Id(1)] WorkflowSnapshot? Snapshot,
    [property: Id(2)] string? StepId = null);
