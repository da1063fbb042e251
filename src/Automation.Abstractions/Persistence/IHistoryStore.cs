using Automation.Events;

namespace Automation.Persistence;

/// <summary>
/// The part of workflow histories that no longer lives in grain state. A workflow grain keeps a bounded tail of its
/// history in its state and moves older events here in chunks, so a long workflow's writes stay bounded.
/// </summary>
public interface IHistoryStore
{
    /// <summary>Stores events of one workflow. Idempotent: events whose sequence is already stored are skipped.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="events">Events in sequence order.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the events are durable.</returns>
    Task AppendAsync(string workflowId, IReadOnlyList<WorkflowEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Reads stored events in sequence order.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="afterSequence">Only events with a greater sequence.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events.</returns>
    Task<IReadOnlyList<WorkflowEvent>> ReadAsync(string workflowId, long afterSequence, int limit, CancellationToken cancellationToken = default);
}
