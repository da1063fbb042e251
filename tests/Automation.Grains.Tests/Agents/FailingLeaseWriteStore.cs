using Automation.Agents;

namespace Automation.Grains.Tests.Agents;

/// <summary>An agent task store whose first write of a lease fails (the rest go to the real store).</summary>
internal sealed class FailingLeaseWriteStore(IAgentTaskStore inner) : IAgentTaskStore
{
    private int _failed;

    /// <summary>Whether the failure happened.</summary>
    public bool Failed => Volatile.Read(ref _failed) == 1;

    /// <summary>The real store (to read rows back).</summary>
    public IAgentTaskStore Inner => inner;

    public Task<IReadOnlyList<AgentTaskRecord>> LoadQueueAsync(string capability, int partition, CancellationToken cancellationToken = default) =>
        inner.LoadQueueAsync(capability, partition, cancellationToken);

    public Task<IReadOnlyList<AgentTaskRecord>> LoadLeasedByAsync(string agentId, CancellationToken cancellationToken = default) =>
        inner.LoadLeasedByAsync(agentId, cancellationToken);

    public Task<AgentTaskRecord> InsertAsync(AgentTaskRecord task, CancellationToken cancellationToken = default) => inner.InsertAsync(task, cancellationToken);

    public Task UpdateAsync(AgentTaskRecord task, CancellationToken cancellationToken = default) =>
        task.IsLeased && Interlocked.CompareExchange(ref _failed, 1, 0) == 0
            ? Task.FromException(new InvalidOperationException("Injected: the lease write failed."))
            : inner.UpdateAsync(task, cancellationToken);

    public Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default) => inner.DeleteAsync(taskIds, cancellationToken);
}
