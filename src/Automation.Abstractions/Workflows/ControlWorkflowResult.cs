using Automation.Definitions;

namespace Automation.Workflows;

/// <summary>The result of <see cref="IWorkflowGrain.TerminateAsync"/>, <see cref="IWorkflowGrain.RetryAsync"/>, <see cref="IWorkflowGrain.PauseAsync"/> and <see cref="IWorkflowGrain.UnpauseAsync"/>.</summary>
/// <param name="Outcome">Whether the request was applied.</param>
/// <param name="Snapshot">The workflow's state after the request; <see langword="null"/> when not found.</param>
/// <param name="Problem">Why it was not applied, for <see cref="ControlWorkflowOutcome.Conflict"/>.</param>
[GenerateSerializer, Immutable, Alias("automation.ControlWorkflowResult")]
public sealed record ControlWorkflowResult(
    [property: Id(0)] ControlWorkflowOutcome Outcome,
    [property: Id(1)] WorkflowSnapshot? Snapshot,
    [property: Id(2)] string? Problem = null)
{
    /// <summary>Every input-schema violation of a retry's patched input, for <see cref="ControlWorkflowOutcome.InputInvalid"/>.</summary>
    [Id(3)] public IReadOnlyList<ValidationError> Errors { get; init; } = [];
}
