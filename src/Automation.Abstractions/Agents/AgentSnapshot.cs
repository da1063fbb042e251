namespace Automation.Agents;

/// <summary>The visible state of an agent.</summary>
/// <param name="AgentId">The id.</param>
/// <param name="Owner">The principal that registered it.</param>
/// <param name="Registration">What it registered with.</param>
/// <param name="Status">Its health.</param>
/// <param name="RegisteredAt">When it registered.</param>
/// <param name="LastSeenAt">Its latest poll or heartbeat.</param>
/// <param name="Leases">The tasks it holds.</param>
/// <param name="Completed">Tasks it completed.</param>
/// <param name="Failed">Tasks it failed (reports, and leases that expired).</param>
/// <param name="RecentDurationsMs">Lease-to-report durations of its latest tasks, newest last.</param>
[GenerateSerializer, Immutable, Alias("automation.AgentSnapshot")]
public sealed record AgentSnapshot(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string Owner,
    [property: Id(2)] AgentRegistration Registration,
    [property: Id(3)] AgentStatus Status,
    [property: Id(4)] DateTimeOffset RegisteredAt,
    [property: Id(5)] DateTimeOffset LastSeenAt,
    [property: Id(6)] IReadOnlyList<AgentLease> Leases,
    [property: Id(7)] long Completed,
    [property: Id(8)] long Failed,
    [property: Id(9)] IReadOnlyList<long> RecentDurationsMs)
{
    /// <summary>How often the agent must poll or heartbeat; silent for 3 × this, it is unhealthy.</summary>
    [Id(10)] public TimeSpan HeartbeatInterval { get; init; }
}
