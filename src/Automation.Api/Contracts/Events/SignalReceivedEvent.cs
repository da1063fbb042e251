namespace Automation.Api.Contracts.Events;

/// <summary>A signal arrived. Its payload is the output of the step that took it, or waits in the workflow's <c>pendingSignals</c>.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Name">The signal name.</param>
/// <param name="StepId">The waiting step that took it; null when it was kept for a step not reached yet.</param>
public sealed record SignalReceivedEvent(long Sequence, DateTimeOffset Timestamp, string Name, string? StepId)
    : HistoryEvent(Sequence, Timestamp);
