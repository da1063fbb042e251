namespace Automation.Api.Contracts.Events;

/// <summary>The workflow was started with a pinned definition version.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Definition">The definition name.</param>
/// <param name="Version">The pinned version.</param>
public sealed record WorkflowStartedEvent(long Sequence, DateTimeOffset Timestamp, string Definition, int Version)
    : HistoryEvent(Sequence, Timestamp);
