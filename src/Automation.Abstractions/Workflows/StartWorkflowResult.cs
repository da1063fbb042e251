using Automation.Definitions;

namespace Automation.Workflows;

/// <summary>The result of <see cref="IWorkflowGrain.StartAsync"/>.</summary>
/// <param name="Outcome">Whether the workflow was created.</param>
/// <param name="Snapshot">The workflow's state, unless the definition was not found or the input was invalid.</param>
/// <param name="Errors">Every input schema violation, with its path under <c>$.input</c>, when the outcome is <see cref="StartWorkflowOutcome.InputInvalid"/>.</param>
/// <param name="Message">Why the start was refused, naming the replacement, when the outcome is <see cref="StartWorkflowOutcome.DefinitionDeprecated"/>.</param>
[GenerateSerializer, Immutable, Alias("automation.StartWorkflowResult")]
public sealed record StartWorkflowResult(
    [property: Id(0)] StartWorkflowOutcome Outcome,
    [property: Id(1)] WorkflowSnapshot? Snapshot,
    [property: Id(2)] IReadOnlyList<ValidationError>? Errors = null,
    [property: Id(3)] string? Message = null);
