namespace Automation.Agents;

/// <summary>What one queue partition (or a whole capability, summed) holds.</summary>
/// <param name="Queued">Tasks waiting for a lease.</param>
/// <param name="Leased">Tasks held by agents, and permits granted whose leases are being written (a few milliseconds).</param>
/// <param name="OldestEnqueuedAt">When the oldest queued task was queued.</param>
/// <param name="WaitingAgents">Agents waiting in a long-poll.</param>
[GenerateSerializer, Immutable, Alias("automation.AgentQueueStats")]
public sealed record AgentQueueStats(
    [property: Id(0)] int Queued,
    [property: Id(1)] int Leased,
    [property: Id(2)] DateTimeOffset? OldestEnqueuedAt,
    [property: Id(3)] int WaitingAgents);
