namespace Automation.Services;

/// <summary>The outcome of one probe.</summary>
/// <param name="ScheduledAt">When the probe was due.</param>
/// <param name="StartedAt">When it started (the gap to <paramref name="ScheduledAt"/> is the scheduling overhead).</param>
/// <param name="LatencyMs">How long it took, in milliseconds.</param>
/// <param name="Passed">Whether it met every expectation within the timeout.</param>
/// <param name="Detail">Why it failed (or the status code it got), for people.</param>
[GenerateSerializer, Immutable, Alias("automation.ProbeResult")]
public sealed record ProbeResult(
    [property: Id(0)] DateTimeOffset ScheduledAt,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] double LatencyMs,
    [property: Id(3)] bool Passed,
    [property: Id(4)] string? Detail)
{
    /// <summary>http: the response status, when there was one.</summary>
    [Id(5)] public int? StatusCode { get; init; }

    /// <summary>Whether it failed by running out of its timeout (rather than by a wrong answer or a refused call).</summary>
    [Id(6)] public bool TimedOut { get; init; }
}
