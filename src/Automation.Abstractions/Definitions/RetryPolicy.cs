namespace Automation.Definitions;

/// <summary>How a failed step attempt is retried: exponential back-off with a cap, bounded by an attempt count.</summary>
/// <param name="MaxAttempts">Total attempts including the first; <c>1</c> disables retries. Default 3.</param>
/// <param name="InitialInterval">Wait before the second attempt. Default 1 s.</param>
/// <param name="BackoffCoefficient">Multiplier applied to the wait after each failed attempt. Default 2.</param>
/// <param name="MaxInterval">Upper bound for any single wait. Default 100 × <paramref name="InitialInterval"/>.</param>
/// <param name="NonRetryableErrors">Error types that fail the step at once; an entry ending in <c>*</c> matches a prefix.</param>
[GenerateSerializer, Immutable, Alias("automation.RetryPolicy")]
public sealed record RetryPolicy(
    [property: Id(0)] int MaxAttempts,
    [property: Id(1)] TimeSpan InitialInterval,
    [property: Id(2)] double BackoffCoefficient,
    [property: Id(3)] TimeSpan MaxInterval,
    [property: Id(4)] IReadOnlyList<string> NonRetryableErrors)
{
    /// <summary>The policy used when neither the step nor the definition's defaults set one.</summary>
    public static RetryPolicy Default { get; } = new(3, TimeSpan.FromSeconds(1), 2.0, TimeSpan.FromSeconds(100), []);

    /// <summary>Returns the wait before the attempt that follows failed attempt <paramref name="attempt"/> (1-based).</summary>
    /// <param name="attempt">The attempt that just failed.</param>
    /// <returns>The back-off interval, capped at <see cref="MaxInterval"/>.</returns>
    public TimeSpan BackoffAfter(int attempt)
    {
        var ms = InitialInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, Math.Max(0, attempt - 1));
        return ms >= MaxInterval.TotalMilliseconds ? MaxInterval : TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>Tells whether an error type is listed in <see cref="NonRetryableErrors"/>.</summary>
    /// <param name="errorType">The error type reported by a handler.</param>
    /// <returns><see langword="true"/> when the error must not be retried.</returns>
    public bool IsNonRetryable(string errorType) =>
        NonRetryableErrors.Any(p => p.EndsWith('*')
            ? errorType.StartsWith(p[..^1], StringComparison.Ordinal)
            : string.Equals(p, errorType, StringComparison.Ordinal));
}
