using System.Collections.Concurrent;
using Automation.Agents;

namespace Automation.Testing.InMemory;

/// <summary>Agent task rows in memory, for the cluster test tier.</summary>
public sealed class InMemoryAgentTaskStore : IAgentTaskStore
{
    private readonly ConcurrentDictionary<string, AgentTaskRecord> _rows = new(StringComparer.Ordinal);
    private readonly Lock _insert = new();

    /// <inheritdoc/>
    public Task<IReadOnlyList<AgentTaskRecord>> LoadQueueAsync(string capability, int partition, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AgentTaskRecord>>([.. _rows.Values.Where(r => r.Capability == capability && r.Partition == partition)]);

    /// <inheritdoc/>
    public Task<IReadOnlyList<AgentTaskRecord>> LoadLeasedByAsync(string agentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AgentTaskRecord>>([.. _rows.Values.Where(r => r.AgentId == agentId && r.Result is null)]);

    /// <inheritdoc/>
    public Task<AgentTaskRecord> InsertAsync(AgentTaskRecord task, CancellationToken cancellationToken = default)
    {
        lock (_insert)
        {
            var existing = _rows.Values.FirstOrDefault(r => r.WorkflowId == task.WorkflowId && r.StepId == task.StepId && r.Attempt == task.Attempt);
            return Task.FromResult(existing ?? (_rows[task.TaskId] = task));
        }
    }

    /// <inheritdoc/>
    public Task UpdateAsync(AgentTaskRecord task, CancellationToken cancellationToken = default)
    {
        _rows[task.TaskId] = task with { HeartbeatAt = null };
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default)
    {
        foreach (var id in taskIds)
        {
            _rows.TryRemove(id, out _);
        }

        return Task.CompletedTask;
    }
}
