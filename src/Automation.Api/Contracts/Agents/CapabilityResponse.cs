namespace Automation.Api.Contracts;

/// <summary>One capability's queue and limits, summed over its partitions.</summary>
/// <param name="Name">The capability.</param>
/// <param name="Queued">Tasks waiting for a lease.</param>
/// <param name="Leased">Tasks held by agents.</param>
/// <param name="OldestQueuedAgeSeconds">Age of the oldest queued task in seconds; 0 when none is queued.</param>
/// <param name="MaxConcurrency">Most tasks leased at once across all partitions; null for no limit.</param>
/// <param name="MaxDispatchPerSecond">Most leases per second; null for no limit.</param>
/// <param name="WaitingAgents">Agents waiting in a long-poll (counted once per partition they wait on).</param>
public sealed record CapabilityResponse(
    string Name, int Queued, int Leased, double OldestQueuedAgeSeconds, int? MaxConcurrency, double? MaxDispatchPerSecond, int WaitingAgents);
