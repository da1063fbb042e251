namespace Automation.Services;

/// <summary>When probe results move a service between Healthy, Degraded and Unhealthy.</summary>
/// <param name="DegradedAfter">Consecutive failures that make a Healthy service Degraded; default 1.</param>
/// <param name="UnhealthyAfter">Consecutive failures that make it Unhealthy; default 3 (at least <paramref name="DegradedAfter"/>).</param>
/// <param name="RecoverAfter">Consecutive passes that bring a Degraded or Unhealthy service back to Healthy; default 2.</param>
/// <param name="LatencyDegradedMs">A passing probe slower than this counts as slow (Degraded); <see langword="null"/> (default) for no latency check.</param>
[GenerateSerializer, Immutable, Alias("automation.HealthThresholds")]
public sealed record HealthThresholds(
    [property: Id(0)] int DegradedAfter = 1,
    [property: Id(1)] int UnhealthyAfter = 3,
    [property: Id(2)] int RecoverAfter = 2,
    [property: Id(3)] int? LatencyDegradedMs = null)
{
    /// <summary>The defaults: degraded after 1 failure, unhealthy after 3, recovered after 2 passes, no latency check.</summary>
    public static HealthThresholds Default { get; } = new();
}
