namespace Automation.Api.Contracts.Events;

/// <summary>The workflow was paused: running steps finish, no new step is dispatched until it is resumed.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Reason">Why, as given to the pause request.</param>
public sealed record WorkflowPausedEvent(long Sequence, DateTimeOffset Timestamp, string? Reason)
    : HistoryEvent(Sequence, Timestamp);
