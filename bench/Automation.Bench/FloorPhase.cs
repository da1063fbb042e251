namespace Automation.Bench;

/// <summary>One phase of the raw-PostgreSQL floor: floor workflows of single-row autocommitted writes.</summary>
internal sealed record FloorPhase
{
    public required string Mode { get; init; }

    public required int Workflows { get; init; }

    /// <summary>Workers, each with its own connection held for the whole phase.</summary>
    public required int Concurrency { get; init; }

    public required int Completed { get; init; }

    public required int Failed { get; init; }

    public string? FirstError { get; init; }

    public required double WallSeconds { get; init; }

    /// <summary>Completed floor workflows over <see cref="WallSeconds"/>.</summary>
    public required double WorkflowsPerSecond { get; init; }

    /// <summary>Single-row writes (each its own commit) over <see cref="WallSeconds"/>.</summary>
    public required double WritesPerSecond { get; init; }

    /// <summary>Duration of one floor workflow (all its writes, one after the other).</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>Workflows/s of each of the phase's runs: the phase is the median run (a 1-second window is noisy).</summary>
    public IReadOnlyList<double> Runs { get; init; } = [];
}
