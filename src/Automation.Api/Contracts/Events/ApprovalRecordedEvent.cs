namespace Automation.Api.Contracts.Events;

/// <summary>An approval step was approved (it completes) or rejected (it fails with <c>approval.rejected</c>).</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="StepId">The approval step.</param>
/// <param name="Approved">The decision.</param>
/// <param name="By">Who decided: the authenticated caller (a username or <c>apikey:ID</c>).</param>
/// <param name="Comment">The comment given with the decision.</param>
public sealed record ApprovalRecordedEvent(long Sequence, DateTimeOffset Timestamp, string StepId, bool Approved, string By, string? Comment)
    : HistoryEvent(Sequence, Timestamp);
