namespace Automation.Api.Contracts;

/// <summary>One probe result.</summary>
/// <param name="ScheduledAt">When it was due.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="LatencyMs">How long it took, in milliseconds.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="StatusCode">http: the response status.</param>
/// <param name="Detail">What happened, in plain words.</param>
public sealed record ProbeResultResponse(DateTimeOffset ScheduledAt, DateTimeOffset StartedAt, double LatencyMs, bool Passed, int? StatusCode, string? Detail);
