namespace Automation.Api.Contracts;

/// <summary>A service's thresholds (defaults filled in).</summary>
/// <param name="DegradedAfter">Consecutive failures to Degraded.</param>
/// <param name="UnhealthyAfter">Consecutive failures to Unhealthy.</param>
/// <param name="RecoverAfter">Consecutive passes back to Healthy.</param>
/// <param name="LatencyDegradedMs">The slow-probe threshold in milliseconds, or <see langword="null"/>.</param>
public sealed record ThresholdsResponse(int DegradedAfter, int UnhealthyAfter, int RecoverAfter, int? LatencyDegradedMs);
