using Automation.Events;
using Automation.Persistence;

namespace Automation.Testing.InMemory;

/// <summary>Offloaded history in memory, shared by every silo of one in-process cluster (cluster test tier).</summary>
public sealed class InMemoryHistoryStore : IHistoryStore
{
    private readonly Dictionary<string, SortedList<long, WorkflowEvent>> _events = new(StringComparer.Ordinal);

    /// <summary>How many events are stored for a workflow, for assertions.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <returns>The count.</returns>
    public int Count(string workflowId)
    {
        lock (_events)
        {
            return _events.GetValueOrDefault(workflowId)?.Count ?? 0;
        }
    }

    /// <inheritdoc />
    public Task AppendAsync(string workflowId, IReadOnlyList<WorkflowEvent> events, CancellationToken cancellationToken = default)
    {
        lock (_events)
        {
            if (!_events.TryGetValue(workflowId, out var stored))
            {
                _events[workflowId] = stored = [];
            }

            foreach (var e in events)
            {
                stored.TryAdd(e.Sequence, e);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowEvent>> ReadAsync(string workflowId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        lock (_events)
        {
            IReadOnlyList<WorkflowEvent> page = _events.TryGetValue(workflowId, out var stored)
                ? [.. stored.Values.Where(e => e.Sequence > afterSequence).Take(limit)]
                : [];
            return Task.FromResult(page);
        }
    }
}
