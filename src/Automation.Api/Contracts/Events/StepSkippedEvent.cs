namespace Automation.Api.Contracts.Events;

/// <summary>The step never ran.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="StepId">The step id.</param>
/// <param name="Reason">Why: <c>condition</c> (its <c>when</c> was false), <c>branch</c> (a <c>switch</c> took another branch), <c>dependencies</c> (every dependency was skipped) or <c>workflow-failed</c>; null in events recorded before reasons existed.</param>
public sealed record StepSkippedEvent(long Sequence, DateTimeOffset Timestamp, string StepId, string? Reason)
    : HistoryEvent(Sequence, Timestamp);
