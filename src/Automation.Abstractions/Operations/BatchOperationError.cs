namespace Automation.Operations;

/// <summary>A workflow a batch operation could not apply its action to.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Problem">Why.</param>
[GenerateSerializer, Immutable, Alias("automation.BatchOperationError")]
public sealed record BatchOperationError(
    [property: Id(0)] string WorkflowId,
    [property: Id(1)] string Problem);
