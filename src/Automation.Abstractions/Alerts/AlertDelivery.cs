namespace Automation.Alerts;

/// <summary>One message about an alert to one channel: pending (still being tried) or its final outcome.</summary>
/// <param name="Channel">The channel name.</param>
/// <param name="Kind">One of <see cref="AlertDeliveryKinds"/>.</param>
/// <param name="At">When it last changed (queued, or an attempt ended).</param>
/// <param name="Outcome"><c>pending</c>, <c>delivered</c> or <c>failed</c>.</param>
/// <param name="Attempts">How many attempts were started (retries with back-off on retryable failures).</param>
/// <param name="Error">Why the last attempt failed, when it did.</param>
[GenerateSerializer, Immutable, Alias("automation.AlertDelivery")]
public sealed record AlertDelivery(
    [property: Id(0)] string Channel,
    [property: Id(1)] string Kind,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Outcome,
    [property: Id(4)] int Attempts,
    [property: Id(5)] string? Error)
{
    /// <summary>The outcome of a message still being tried.</summary>
    public const string Pending = "pending";

    /// <summary>The <c>Idempotency-Key</c> every attempt sends: <c>alert-{alert id}:{kind}:{channel}</c>.</summary>
    [Id(6)] public string? IdempotencyKey { get; init; }

    /// <summary>When the next attempt is due, while pending.</summary>
    [Id(7)] public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The outcome of a message the channel accepted.</summary>
    public const string Delivered = "delivered";

    /// <summary>The outcome of a message every attempt failed to deliver.</summary>
    public const string Failed = "failed";
}
