namespace Automation.Agents;

/// <summary>The rows of queued, leased and recently finished agent tasks (<c>automation_agent_tasks</c>); one row per task attempt.</summary>
public interface IAgentTaskStore
{
    /// <summary>Every row of one queue partition.</summary>
    /// <param name="capability">The capability.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    Task<IReadOnlyList<AgentTaskRecord>> LoadQueueAsync(string capability, int partition, CancellationToken cancellationToken = default);

    /// <summary>The unfinished rows leased to an agent.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    Task<IReadOnlyList<AgentTaskRecord>> LoadLeasedByAsync(string agentId, CancellationToken cancellationToken = default);

    /// <summary>Inserts a new task; the row already there is returned when that (workflow, step, attempt) exists.</summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored row: <paramref name="task"/>, or the existing one.</returns>
    Task<AgentTaskRecord> InsertAsync(AgentTaskRecord task, CancellationToken cancellationToken = default);

    /// <summary>Writes a task's lease, result and queue time.</summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    Task UpdateAsync(AgentTaskRecord task, CancellationToken cancellationToken = default);

    /// <summary>Deletes rows.</summary>
    /// <param name="taskIds">The tasks.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when deleted.</returns>
    Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default);
}
