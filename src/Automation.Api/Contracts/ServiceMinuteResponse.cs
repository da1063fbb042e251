namespace Automation.Api.Contracts;

/// <summary>Probe results of one minute.</summary>
/// <param name="Minute">The start of the minute, UTC.</param>
/// <param name="Count">Probes.</param>
/// <param name="Failures">Failed probes.</param>
/// <param name="P50Ms">Median latency, milliseconds.</param>
/// <param name="P95Ms">95th percentile latency, milliseconds.</param>
/// <param name="MaxMs">Slowest, milliseconds.</param>
public sealed record ServiceMinuteResponse(DateTimeOffset Minute, int Count, int Failures, double P50Ms, double P95Ms, double MaxMs);
