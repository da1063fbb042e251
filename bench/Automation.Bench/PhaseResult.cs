namespace Automation.Bench;

/// <summary>The measured figures of one phase (burst or sequential).</summary>
internal sealed record PhaseResult
{
    public required string Mode { get; init; }

    public required int Workflows { get; init; }

    public required int Concurrency { get; init; }

    public required int Completed { get; init; }

    public required int CompletedInStartAnswer { get; init; }

    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>Client side: from the first start POST to the last observed completion.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Client side: workflows over the time from the first start POST to the last start answer.</summary>
    public required double StartsPerSecond { get; init; }

    /// <summary>Client side: completed workflows over <see cref="WallSeconds"/>.</summary>
    public required double CompletionsPerSecondClient { get; init; }

    /// <summary>Server side: completed workflows over max(completedAt) − min(createdAt).</summary>
    public required double CompletionsPerSecondServer { get; init; }

    /// <summary>Client side: duration of the start POST.</summary>
    public required LatencySummary StartCall { get; init; }

    /// <summary>Client side: just before the start POST until the bench saw the final status.</summary>
    public required LatencySummary ClientLatency { get; init; }

    /// <summary>Server side: completedAt − createdAt of the workflow JSON.</summary>
    public required LatencySummary ServerLatency { get; init; }

    /// <summary>Agent steps: enqueue (the task's <c>enqueuedAt</c>) to the bench agent receiving it, per task.</summary>
    public LatencySummary? HandOff { get; init; }

    public DurableWrites? Writes { get; init; }

    public CpuUsage? Cpu { get; init; }

    /// <summary>Throughput figures divided by the floor phase of the same mode (with <c>--floor</c>).</summary>
    public FloorRatios? VsFloor { get; init; }

    /// <summary>Burst only, with <c>--ratio-rounds</c>: floor and system bursts run back to back after this phase.</summary>
    public PairedRatio? Paired { get; init; }
}
