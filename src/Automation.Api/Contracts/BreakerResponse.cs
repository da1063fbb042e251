using Automation.Services;

namespace Automation.Api.Contracts;

/// <summary>A service's circuit breaker: its settings (defaults filled in) and where it stands.</summary>
/// <param name="FailureRatio">The share of failed calls that opens it.</param>
/// <param name="MinimumThroughput">Calls in the window before the ratio counts.</param>
/// <param name="SamplingDuration">The window.</param>
/// <param name="BreakDuration">How long it stays open before a trial call.</param>
/// <param name="State">Closed, Open or HalfOpen (the break is over: the next call or probe is the trial).</param>
/// <param name="OpenUntil">While open: when the break ends.</param>
/// <param name="Successes">Calls reported as answered since the service's grain was activated.</param>
/// <param name="Failures">Calls reported as failed since the service's grain was activated.</param>
/// <param name="LastOpenedAt">When it last opened since then.</param>
public sealed record BreakerResponse(
    double FailureRatio, int MinimumThroughput, string SamplingDuration, string BreakDuration,
    BreakerState State, DateTimeOffset? OpenUntil, long Successes, long Failures, DateTimeOffset? LastOpenedAt);
