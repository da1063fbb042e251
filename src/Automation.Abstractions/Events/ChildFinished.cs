using Automation.Workflows;

namespace Automation.Events;

/// <summary>A child workflow of a step reached a final status.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="StepId">The step.</param>
/// <param name="ChildId">The child workflow id.</param>
/// <param name="Index">The child's position in the step.</param>
/// <param name="Status">The child's final status.</param>
[GenerateSerializer, Immutable, Alias("automation.ChildFinished")]
public sealed record ChildFinished(
    long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string StepId, [property: Id(1)] string ChildId, [property: Id(2)] int Index, [property: Id(3)] WorkflowStatus Status)
    : WorkflowEvent(Sequence, Timestamp);
