using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>When and where unacknowledged alerts escalate.</summary>
/// <param name="After">How long an alert may stay open before it is escalated (e.g. <c>15m</c>; 1s to 7d).</param>
/// <param name="Channels">The channels that receive the escalation (1 to 20).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AlertEscalationRequest(
    [property: Description("How long an alert may stay open before it is escalated, e.g. 15m (1s to 7d).")] string? After,
    [property: Description("The channels that receive the escalation.")] IReadOnlyList<string>? Channels);
