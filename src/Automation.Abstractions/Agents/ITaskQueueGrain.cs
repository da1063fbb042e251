using System.Text.Json;
using Automation.Tasks;
using Automation.Workflows;
using Orleans.Concurrency;

namespace Automation.Agents;

/// <summary>
/// One partition of a capability's task queue, keyed <c>{capability}~{partition}</c>
/// (<see cref="AgentNames.QueueKey"/>). Its tasks are rows of <see cref="IAgentTaskStore"/>, loaded on activation;
/// it leases them in priority order, fairly across workflows, hands them to waiting agents, and enforces their deadlines.
/// </summary>
[Alias("automation.ITaskQueueGrain")]
public interface ITaskQueueGrain : IGrainWithStringKey
{
    /// <summary>Queues an attempt of an agent step; idempotent per (workflow, step, attempt): a finished attempt's result is reported again.</summary>
    /// <param name="request">The step request.</param>
    /// <returns>A task that completes when the attempt is durably queued.</returns>
    [Alias("Enqueue")]
    Task EnqueueAsync(StepRequest request);

    /// <summary>Stops the unfinished attempt of a step: a queued one is dropped, a leased one answers <c>cancelRequested</c> at its next heartbeat.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="stepId">The step.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    [Alias("Cancel"), OneWay]
    Task CancelAsync(string workflowId, string stepId);

    /// <summary>Leases up to <paramref name="max"/> tasks to an agent.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="max">Most tasks.</param>
    /// <returns>The leased tasks.</returns>
    [Alias("Lease")]
    Task<IReadOnlyList<AgentTaskRecord>> LeaseAsync(string agentId, int max);

    /// <summary>Registers an agent that waits for a task until <paramref name="until"/>: the next task queued here is offered to it.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="until">When it stops waiting.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    [Alias("Wait"), OneWay]
    Task WaitAsync(string agentId, DateTimeOffset until);

    /// <summary>Records a heartbeat (and progress) of a leased task.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="agentId">The agent.</param>
    /// <param name="percent">Progress 0–100, if given.</param>
    /// <param name="details">Progress details, if given.</param>
    /// <returns>The outcome and the task's deadlines.</returns>
    /// <remarks>Interleaved: it asks the workflow whether the attempt is still wanted, and the partition keeps serving meanwhile.</remarks>
    [Alias("Heartbeat"), AlwaysInterleave]
    Task<AgentHeartbeatResult> HeartbeatAsync(string taskId, string agentId, int? percent, JsonElement? details);

    /// <summary>Records an agent's report; only the agent holding the lease may report, a repeat of its own report is accepted again.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="agentId">The agent.</param>
    /// <param name="output">The output when completed.</param>
    /// <param name="error">The error when failed.</param>
    /// <returns>The outcome.</returns>
    [Alias("Report")]
    Task<AgentCallOutcome> ReportAsync(string taskId, string agentId, JsonElement? output, StepError? error);

    /// <summary>Queues again the tasks an agent holds (it is unhealthy or gone): same attempt, same idempotency key.</summary>
    /// <param name="agentId">The agent.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    [Alias("Requeue"), OneWay]
    Task RequeueAsync(string agentId);

    /// <summary>Re-reads the capability's limits (they changed).</summary>
    /// <returns>A task that completes when the message is sent.</returns>
    [Alias("LimitsChanged"), OneWay]
    Task LimitsChangedAsync();

    /// <summary>Queue statistics of this partition.</summary>
    /// <returns>The statistics.</returns>
    [Alias("GetStats"), AlwaysInterleave]
    Task<AgentQueueStats> GetStatsAsync();
}
