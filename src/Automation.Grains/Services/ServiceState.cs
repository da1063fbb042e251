using Automation.Engine.Services;
using Automation.Services;

namespace Automation.Grains.Services;

/// <summary>
/// Persisted state of a monitored service: its registration, health state machine, maintenance window and latest
/// transitions. Written on registration changes and on transitions, never per probe: probe history is in PostgreSQL.
/// </summary>
[GenerateSerializer, Alias("automation.grains.ServiceState")]
public sealed class ServiceState
{
    /// <summary>Whether the service is registered.</summary>
    [Id(0)] public bool Exists { get; set; }

    /// <summary>The registration.</summary>
    [Id(1)] public ServiceSpec? Spec { get; set; }

    /// <summary>When it was registered.</summary>
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When its registration last changed.</summary>
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Who registered it.</summary>
    [Id(4)] public string? CreatedBy { get; set; }

    /// <summary>The health state machine.</summary>
    [Id(5)] public HealthState Health { get; set; } = HealthState.Initial;

    /// <summary>The maintenance window, while set.</summary>
    [Id(6)] public MaintenanceWindow? Maintenance { get; set; }

    /// <summary>The latest probe result (as of the latest write).</summary>
    [Id(7)] public ProbeResult? LastProbe { get; set; }

    /// <summary>The latest transitions, newest first (at most <see cref="ServiceGrain.MaxTransitions"/>).</summary>
    [Id(8)] public List<ServiceTransition> Transitions { get; set; } = [];
}
