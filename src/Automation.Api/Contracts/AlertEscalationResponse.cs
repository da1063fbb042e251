namespace Automation.Api.Contracts;

/// <summary>When and where unacknowledged alerts escalate.</summary>
/// <param name="After">The delay, e.g. <c>15m</c>.</param>
/// <param name="Channels">The escalation channels.</param>
public sealed record AlertEscalationResponse(string After, IReadOnlyList<string> Channels);
