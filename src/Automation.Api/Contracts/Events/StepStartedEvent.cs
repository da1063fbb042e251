namespace Automation.Api.Contracts.Events;

/// <summary>An attempt of the step started.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="StepId">The step id.</param>
/// <param name="Attempt">The 1-based attempt number.</param>
public sealed record StepStartedEvent(long Sequence, DateTimeOffset Timestamp, string StepId, int Attempt)
    : HistoryEvent(Sequence, Timestamp);
