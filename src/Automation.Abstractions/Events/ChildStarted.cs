namespace Automation.Events;

/// <summary>A <c>workflow</c>, <c>foreach</c> or <c>parallel</c> step started a child workflow.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="StepId">The step.</param>
/// <param name="ChildId">The child workflow id.</param>
/// <param name="Index">The child's position in the step.</param>
[GenerateSerializer, Immutable, Alias("automation.ChildStarted")]
public sealed record ChildStarted(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string StepId, [property: Id(1)] string ChildId, [property: Id(2)] int Index)
    : WorkflowEvent(Sequence, Timestamp);
