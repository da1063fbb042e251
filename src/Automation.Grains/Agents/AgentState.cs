using Automation.Agents;

namespace Automation.Grains.Agents;

/// <summary>Persisted state of an <see cref="AgentGrain"/>: its registration and counters (leases live in the queue rows).</summary>
[GenerateSerializer, Alias("automation.grains.AgentState")]
public sealed class AgentState
{
    /// <summary>What it registered with; <see langword="null"/> until registered.</summary>
    [Id(0)] public AgentRegistration? Registration { get; set; }

    /// <summary>When it registered.</summary>
    [Id(1)] public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Whether it was deleted and drains.</summary>
    [Id(2)] public bool Draining { get; set; }

    /// <summary>Tasks it completed.</summary>
    [Id(3)] public long Completed { get; set; }

    /// <summary>Tasks it failed, or whose lease passed a deadline.</summary>
    [Id(4)] public long Failed { get; set; }

    /// <summary>Lease-to-report durations of its latest tasks, newest last.</summary>
    [Id(5)] public List<long> RecentDurationsMs { get; set; } = [];
}
