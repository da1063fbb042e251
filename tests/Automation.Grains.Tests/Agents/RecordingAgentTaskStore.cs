using System.Collections.Concurrent;
using Automation.Agents;

namespace Automation.Grains.Tests.Agents;

/// <summary>An agent task store that records which queue partitions were loaded (every call goes to the real store).</summary>
internal sealed class RecordingAgentTaskStore(IAgentTaskStore inner) : IAgentTaskStore
{
    /// <summary>The queue keys whose rows were loaded (each a partition grain's activation).</summary>
    public ConcurrentBag<string> LoadedQueues { get; } = [];

    public Task<IReadOnlyList<AgentTaskRecord>> LoadQueueAsync(string capability, int partition, CancellationToken cancellationToken = default)
    {
        LoadedQueues.Add(AgentNames.QueueKey(capability, partition));
        return inner.LoadQueueAsync(capability, partition, cancellationToken);
    }

    public Task<IReadOnlyList<AgentTaskRecord>> LoadLeasedByAsync(string agentId, CancellationToken cancellationToken = default) =>
        inner.LoadLeasedByAsync(agentId, cancellationToken);

    public Task<AgentTaskRecord> InsertAsync(AgentTaskRecord task, CancellationToken cancellationToken = default) => inner.InsertAsync(task, cancellationToken);

    public Task UpdateAsync(AgentTaskRecord task, CancellationToken cancellationToken = default) => inner.UpdateAsync(task, cancellationToken);

    public Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default) => inner.DeleteAsync(taskIds, cancellationToken);
}
