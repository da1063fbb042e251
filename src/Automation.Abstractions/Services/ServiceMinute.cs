namespace Automation.Services;

/// <summary>Probe results of one service in one UTC minute.</summary>
/// <param name="Service">The service name.</param>
/// <param name="Minute">The start of the minute (UTC, seconds zero).</param>
/// <param name="Count">Probes finished in it.</param>
/// <param name="Failures">Of those, failed.</param>
/// <param name="P50Ms">Median latency, milliseconds.</param>
/// <param name="P95Ms">95th percentile latency, milliseconds.</param>
/// <param name="MaxMs">Slowest probe, milliseconds.</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceMinute")]
public sealed record ServiceMinute(
    [property: Id(0)] string Service,
    [property: Id(1)] DateTimeOffset Minute,
    [property: Id(2)] int Count,
    [property: Id(3)] int Failures,
    [property: Id(4)] double P50Ms,
    [property: Id(5)] double P95Ms,
    [property: Id(6)] double MaxMs);
