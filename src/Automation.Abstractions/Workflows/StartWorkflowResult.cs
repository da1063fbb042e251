using Automation.Definitions;

namespace Automation.Workflows;

/// <summary>The result of <see cref="IWorkflowGrain.StartAsync"/>.</summary>
/// <param name="Outcome">Whether the workflow was created.</param>
/// <param name="Snapshot">The workflow's state, unless the definition was not found or the input was invalid.</param>
/// <param name="Errors">Every input schema violation, with its path under <c>$.input</c>, when the outcome is <see cref="StartWorkflowOutcome.InputInvalid"/>.</param>
/// <param name="Message">Why the start was refused, naming the replacement, when the outcome is <see cref="StartWorkflowOutcome.DefinitionDeprecated"/>.</param>
/// <param name="Status">The workflow's status when the outcome is <see cref="StartWorkflowOutcome.Started"/> or <see cref="StartWorkflowOutcome.AlreadyExists"/>; <see langword="null"/> from a silo that predates it (read <see cref="Snapshot"/>).</param>
/// <param name="Definition">The workflow's definition name, likewise.</param>
[GenerateSerializer, Immutable, Alias("automation.StartWorkflowResult")]
public sealed record StartWorkflowResult(
    [property: Id(0)] StartWorkflowOutcome Outcome,
    [property: Id(1)] WorkflowSnapshot? Snapshot,
    [property: Id(2)] IReadOnlyList<ValidationError>? Errors = null,
    [property: Id(3)] string? Message = null,
    [property: Id(4)] WorkflowStatus? Status = null,
    [property: Id(5)] string? Definition = null)
{
    /// <summary>The workflow's status, from whichever of <see cref="Status"/> and <see cref="Snapshot"/> is there.</summary>
    public WorkflowStatus? StatusNow => Status ?? Snapshot?.Status;

    /// <summary>The workflow's definition name, from whichever of <see cref="Definition"/> and <see cref="Snapshot"/> is there.</summary>
    public string? DefinitionName => Definition ?? Snapshot?.Definition;
}
