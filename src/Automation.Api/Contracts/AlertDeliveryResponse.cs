namespace Automation.Api.Contracts;

/// <summary>One message about an alert to one channel: pending while it is being tried, then its outcome.</summary>
/// <param name="Channel">The channel name.</param>
/// <param name="Kind"><c>raised</c>, <c>resolved</c> or <c>escalated</c>.</param>
/// <param name="At">When it last changed (queued, or an attempt ended).</param>
/// <param name="Outcome"><c>pending</c>, <c>delivered</c> or <c>failed</c>.</param>
/// <param name="Attempts">Attempts started.</param>
/// <param name="Error">Why the last attempt failed, when it did.</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> every attempt sends (<c>alert-{id}:{kind}:{channel}</c>); absent on messages sent before version 0012 of the schema.</param>
/// <param name="NextAttemptAt">When the next attempt is due, while pending.</param>
public sealed record AlertDeliveryResponse(
    string Channel, string Kind, DateTimeOffset At, string Outcome, int Attempts, string? Error, string? IdempotencyKey, DateTimeOffset? NextAttemptAt);
