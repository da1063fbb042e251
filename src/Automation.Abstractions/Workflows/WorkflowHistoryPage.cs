using Automation.Events;

namespace Automation.Workflows;

/// <summary>One page of a workflow's history, oldest first.</summary>
/// <param name="Events">The events.</param>
/// <param name="NextAfter">Pass as <c>afterSequence</c> for the next page; <see langword="null"/> when this page reaches the end.</param>
[GenerateSerializer, Immutable, Alias("automation.WorkflowHistoryPage")]
public sealed record WorkflowHistoryPage(
    [property: Id(0)] IReadOnlyList<WorkflowEvent> Events,
    [property: Id(1)] long? NextAfter);
