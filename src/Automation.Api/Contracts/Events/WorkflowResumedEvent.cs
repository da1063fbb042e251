namespace Automation.Api.Contracts.Events;

/// <summary>A paused workflow was resumed.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
public sealed record WorkflowResumedEvent(long Sequence, DateTimeOffset Timestamp)
    : HistoryEvent(Sequence, Timestamp);
