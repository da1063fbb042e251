namespace Automation.Services;

/// <summary>
/// The circuit breaker that <c>http</c> steps calling a service share: it opens when, within
/// <paramref name="SamplingDuration"/>, at least <paramref name="MinimumThroughput"/> calls were made and at least
/// <paramref name="FailureRatio"/> of them failed; it stays open for <paramref name="BreakDuration"/>, then lets a trial
/// call through (half-open) whose outcome closes or re-opens it.
/// </summary>
/// <param name="FailureRatio">The share of failed calls that opens the breaker, above 0 and at most 1; default 0.5.</param>
/// <param name="MinimumThroughput">Calls in the window before the ratio counts, at least 2; default 5.</param>
/// <param name="SamplingDuration">The window, at least 500 ms; default 30 s.</param>
/// <param name="BreakDuration">How long it stays open before a trial call, at least 500 ms; default 15 s.</param>
[GenerateSerializer, Immutable, Alias("automation.BreakerSettings")]
public sealed record BreakerSettings(
    [property: Id(0)] double FailureRatio = 0.5,
    [property: Id(1)] int MinimumThroughput = 5,
    [property: Id(2)] TimeSpan? SamplingDuration = null,
    [property: Id(3)] TimeSpan? BreakDuration = null)
{
    /// <summary>The defaults: 50 % of at least 5 calls in 30 s opens it for 15 s.</summary>
    public static BreakerSettings Default { get; } = new();

    /// <summary>The window, with its default.</summary>
    public TimeSpan Sampling => SamplingDuration ?? TimeSpan.FromSeconds(30);

    /// <summary>The open time, with its default.</summary>
    public TimeSpan Break => BreakDuration ?? TimeSpan.FromSeconds(15);
}
