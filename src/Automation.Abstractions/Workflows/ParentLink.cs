namespace Automation.Workflows;

/// <summary>Where a child workflow reports: the parent workflow, the step that started it and the child's position in that step.</summary>
/// <param name="WorkflowId">The parent workflow id.</param>
/// <param name="StepId">The parent's <c>workflow</c>, <c>foreach</c> or <c>parallel</c> step.</param>
/// <param name="Index">The child's position in the step: the item index of a <c>foreach</c>, the branch index of a <c>parallel</c>, 0 for <c>workflow</c>.</param>
/// <param name="Run">Which run of the parent step started the child (a retried step starts new children); 1 for the first.</param>
[GenerateSerializer, Immutable, Alias("automation.ParentLink")]
public sealed record ParentLink(
    [property: Id(0)] string WorkflowId,
    [property: Id(1)] string StepId,
    [property: Id(2)] int Index,
    [property: Id(3)] int Run);
