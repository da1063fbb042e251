namespace Automation.Api.Contracts.Events;

/// <summary>A <c>workflow</c>, <c>foreach</c> or <c>parallel</c> step started a child workflow.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="StepId">The step id.</param>
/// <param name="ChildId">The child workflow id.</param>
/// <param name="Index">The child's position in the step.</param>
public sealed record ChildStartedEvent(long Sequence, DateTimeOffset Timestamp, string StepId, string ChildId, int Index)
    : HistoryEvent(Sequence, Timestamp);
