namespace Automation.Services;

/// <summary>A service's health history, read from PostgreSQL: <c>GET /api/v1/services/{name}/health</c>.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Status">Its shown status now.</param>
/// <param name="Recent">The latest probe results, newest first (at most 100).</param>
/// <param name="Minutes">Per-minute aggregates of the last 24 h, oldest first (minutes without probes are absent).</param>
/// <param name="Transitions">Transitions of the last 7 days, newest first (at most 500).</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceHealthReport")]
public sealed record ServiceHealthReport(
    [property: Id(0)] string Name,
    [property: Id(1)] ServiceStatus Status,
    [property: Id(2)] IReadOnlyList<ProbeResult> Recent,
    [property: Id(3)] IReadOnlyList<ServiceMinute> Minutes,
    [property: Id(4)] IReadOnlyList<ServiceTransition> Transitions)
{
    /// <summary>Percent of the last 24 h spent up (Healthy, Degraded or Impacted) out of the time with a known status outside maintenance; <see langword="null"/> without such time.</summary>
    [Id(5)] public double? Uptime24h { get; init; }

    /// <summary>The same over the last 7 days.</summary>
    [Id(6)] public double? Uptime7d { get; init; }
}
