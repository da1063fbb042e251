using Automation.Agents;

namespace Automation.Api.Contracts;

/// <summary>A registered agent.</summary>
/// <param name="AgentId">The id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Capabilities">The capabilities it serves.</param>
/// <param name="Labels">Its labels.</param>
/// <param name="MaxConcurrency">Most tasks it holds at once.</param>
/// <param name="Status"><c>healthy</c>, <c>unhealthy</c> (silent for 3 × the heartbeat interval) or <c>draining</c> (deleted).</param>
/// <param name="RegisteredAt">When it registered.</param>
/// <param name="LastSeenAt">Its latest poll or heartbeat.</param>
/// <param name="LeasedTasks">The tasks it holds.</param>
/// <param name="Completed">Tasks it completed.</param>
/// <param name="Failed">Tasks it failed, or whose lease passed a deadline.</param>
/// <param name="RecentDurationsMs">Lease-to-report durations of its latest tasks (at most 20), newest last.</param>
public sealed record AgentResponse(
    string AgentId,
    string Name,
    IReadOnlyList<string> Capabilities,
    IReadOnlyDictionary<string, string> Labels,
    int MaxConcurrency,
    string Status,
    DateTimeOffset RegisteredAt,
    DateTimeOffset LastSeenAt,
    IReadOnlyList<AgentLeaseResponse> LeasedTasks,
    long Completed,
    long Failed,
    IReadOnlyList<long> RecentDurationsMs)
{
    /// <summary>Maps a grain snapshot.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The API record.</returns>
    public static AgentResponse From(AgentSnapshot agent) => new(
        agent.AgentId, agent.Registration.Name, agent.Registration.Capabilities, agent.Registration.Labels, agent.Registration.MaxConcurrency,
        agent.Status.ToString().ToLowerInvariant(), agent.RegisteredAt, agent.LastSeenAt,
        [.. agent.Leases.Select(l => new AgentLeaseResponse(l.TaskId, l.WorkflowId, l.StepId, l.LeasedAt))], agent.Completed, agent.Failed, agent.RecentDurationsMs);
}
