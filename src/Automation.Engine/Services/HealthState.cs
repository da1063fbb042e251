using Automation.Services;

namespace Automation.Engine.Services;

/// <summary>Where a service's health state machine stands: its own probe status, the shown status and the counts in a row.</summary>
[GenerateSerializer, Alias("automation.engine.HealthState")]
public sealed record HealthState
{
    /// <summary>The status from its own probes.</summary>
    [Id(0)] public ServiceStatus ProbeStatus { get; init; }

    /// <summary>The shown status (Maintenance and Impacted override the probe status).</summary>
    [Id(1)] public ServiceStatus Status { get; init; }

    /// <summary>Failed probes in a row.</summary>
    [Id(2)] public int ConsecutiveFailures { get; init; }

    /// <summary>Passed probes in a row.</summary>
    [Id(3)] public int ConsecutivePasses { get; init; }

    /// <summary>Dependencies that are Unhealthy or Impacted.</summary>
    [Id(4)] public IReadOnlyList<string> ImpactedBy { get; init; } = [];

    /// <summary>When <see cref="Status"/> last changed.</summary>
    [Id(5)] public DateTimeOffset? StatusSince { get; init; }

    /// <summary>A new service: Unknown, nothing counted.</summary>
    public static HealthState Initial { get; } = new();
}
