namespace Automation.Api.Contracts;

/// <summary>One message about an alert to one channel, after its last attempt.</summary>
/// <param name="Channel">The channel name.</param>
/// <param name="Kind"><c>raised</c>, <c>resolved</c> or <c>escalated</c>.</param>
/// <param name="At">When the last attempt ended.</param>
/// <param name="Outcome"><c>delivered</c> or <c>failed</c>.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="Error">Why the last attempt failed, when it did.</param>
public sealed record AlertDeliveryResponse(string Channel, string Kind, DateTimeOffset At, string Outcome, int Attempts, string? Error);
