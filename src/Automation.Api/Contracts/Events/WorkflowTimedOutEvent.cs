namespace Automation.Api.Contracts.Events;

/// <summary>The workflow did not finish within its definition's <c>timeout</c>.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Error">The error (<c>workflow.timeout</c>).</param>
public sealed record WorkflowTimedOutEvent(long Sequence, DateTimeOffset Timestamp, ErrorInfo Error)
    : HistoryEvent(Sequence, Timestamp);
