namespace Automation.Services;

/// <summary>A monitored service as read from its grain.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Spec">What was registered.</param>
/// <param name="Status">The shown status (Maintenance and Impacted override <paramref name="ProbeStatus"/>).</param>
/// <param name="ProbeStatus">The status from its own probes alone.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="UpdatedAt">When its registration last changed.</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceSnapshot")]
public sealed record ServiceSnapshot(
    [property: Id(0)] string Name,
    [property: Id(1)] ServiceSpec Spec,
    [property: Id(2)] ServiceStatus Status,
    [property: Id(3)] ServiceStatus ProbeStatus,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt)
{
    /// <summary>The maintenance window, while one is set (it may have ended and not been cleared yet).</summary>
    [Id(6)] public MaintenanceWindow? Maintenance { get; init; }

    /// <summary>The latest probe result.</summary>
    [Id(7)] public ProbeResult? LastProbe { get; init; }

    /// <summary>Failures in a row.</summary>
    [Id(8)] public int ConsecutiveFailures { get; init; }

    /// <summary>Passes in a row.</summary>
    [Id(9)] public int ConsecutivePasses { get; init; }

    /// <summary>Dependencies that are Unhealthy or Impacted (the reason for Impacted).</summary>
    [Id(10)] public IReadOnlyList<string> ImpactedBy { get; init; } = [];

    /// <summary>The latest transitions, newest first (at most 100; all are in PostgreSQL).</summary>
    [Id(11)] public IReadOnlyList<ServiceTransition> Transitions { get; init; } = [];

    /// <summary>When the shown status last changed.</summary>
    [Id(12)] public DateTimeOffset? StatusSince { get; init; }

    /// <summary>Who registered it.</summary>
    [Id(13)] public string? CreatedBy { get; init; }

    /// <summary>The circuit breaker shared with <c>http</c> steps.</summary>
    [Id(14)] public BreakerSnapshot? Breaker { get; init; }
}
