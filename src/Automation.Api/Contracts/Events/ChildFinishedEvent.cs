using Automation.Workflows;

namespace Automation.Api.Contracts.Events;

/// <summary>A child workflow of a step reached a final status.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="StepId">The step id.</param>
/// <param name="ChildId">The child workflow id.</param>
/// <param name="Index">The child's position in the step.</param>
/// <param name="Status">The child's final status.</param>
public sealed record ChildFinishedEvent(long Sequence, DateTimeOffset Timestamp, string StepId, string ChildId, int Index, WorkflowStatus Status)
    : HistoryEvent(Sequence, Timestamp);
