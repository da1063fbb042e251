namespace Automation.Engine.Services;

/// <summary>What a silo does with an <c>http</c> step's call to a monitored service.</summary>
/// <param name="Kind">Go, go as the half-open trial, or wait.</param>
/// <param name="Reason">Why it waits.</param>
/// <param name="RetryAt">When a call may go, when known (the end of the breaker's break).</param>
public sealed record GateVerdict(GateVerdictKind Kind, string? Reason = null, DateTimeOffset? RetryAt = null)
{
    /// <summary>The call goes.</summary>
    public static GateVerdict Allow { get; } = new(GateVerdictKind.Allow);

    /// <summary>The call goes as the breaker's trial.</summary>
    public static GateVerdict Trial { get; } = new(GateVerdictKind.Trial);
}
