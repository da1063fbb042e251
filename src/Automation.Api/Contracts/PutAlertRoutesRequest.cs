using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>PUT /api/v1/alerts/routes</c>: where alerts go. Unknown properties are rejected.</summary>
/// <param name="Channels">The channels that receive raised and resolved alerts (0 to 20 existing channels).</param>
/// <param name="MinSeverity">Alerts below it are recorded but not delivered: <c>info</c> (default), <c>warning</c> or <c>critical</c>.</param>
/// <param name="Escalation">Escalation of unacknowledged alerts; none when absent.</param>
/// <param name="Template">A stored notification template to render messages with; the built-in text when absent.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutAlertRoutesRequest(
    [property: Description("The channels that receive raised and resolved alerts.")] IReadOnlyList<string>? Channels,
    [property: Description("info (default), warning or critical.")] string? MinSeverity = null,
    [property: Description("Escalation of unacknowledged alerts.")] AlertEscalationRequest? Escalation = null,
    [property: Description("A stored notification template for the messages.")] string? Template = null);
