namespace Automation.Api.Contracts.Events;

/// <summary>A failed, timed-out, terminated or cancelled workflow runs again from the steps that did not complete.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Steps">The steps that run again; completed steps keep their outputs.</param>
/// <param name="InputPatched">Whether the input was patched first.</param>
/// <param name="Reason">Why, as given to the retry request.</param>
/// <param name="By">Who asked (a username or <c>apikey:ID</c>).</param>
public sealed record WorkflowRetriedEvent(long Sequence, DateTimeOffset Timestamp, IReadOnlyList<string> Steps, bool InputPatched, string? Reason, string? By)
    : HistoryEvent(Sequence, Timestamp);
