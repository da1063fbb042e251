namespace Automation.Api.Contracts.Events;

/// <summary>An http step waits for its service (Unhealthy, or its circuit breaker open) instead of spending an attempt; recorded once per service and reason.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="StepId">The step id.</param>
/// <param name="Attempt">The attempt that waits to start.</param>
/// <param name="Service">The service.</param>
/// <param name="Reason">Why it waits.</param>
/// <param name="Until">When the step gives up.</param>
public sealed record StepWaitingForServiceEvent(long Sequence, DateTimeOffset Timestamp, string StepId, int Attempt, string Service, string Reason, DateTimeOffset Until)
    : HistoryEvent(Sequence, Timestamp);
