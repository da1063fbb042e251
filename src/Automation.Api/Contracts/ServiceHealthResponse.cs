using Automation.Services;

namespace Automation.Api.Contracts;

/// <summary>A service's health history.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Status">The shown status now.</param>
/// <param name="Uptime24h">Percent of the last 24 h up (Healthy, Degraded or Impacted) out of the time with a known status outside maintenance; null without such time.</param>
/// <param name="Uptime7d">The same over 7 days.</param>
/// <param name="Recent">The latest probe results, newest first (at most 100).</param>
/// <param name="Minutes">Per-minute aggregates of the last 24 h, oldest first (the current minute included).</param>
/// <param name="Transitions">Transitions of the last 7 days, newest first (at most 500).</param>
public sealed record ServiceHealthResponse(
    string Name, ServiceStatus Status, double? Uptime24h, double? Uptime7d, IReadOnlyList<ProbeResultResponse> Recent,
    IReadOnlyList<ServiceMinuteResponse> Minutes, IReadOnlyList<ServiceTransitionResponse> Transitions);
