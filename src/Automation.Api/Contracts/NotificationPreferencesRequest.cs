using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>PUT /api/v1/auth/me/preferences</c>: the caller's notification preferences. An omitted member takes its default. Unknown properties are rejected.</summary>
/// <param name="Toasts">Whether notifications pop up as toasts (they are always kept in the history). Default true.</param>
/// <param name="WorkflowFailures">Notify when a workflow the caller may read fails, times out or is terminated. Default true.</param>
/// <param name="Alerts">Notify when an alert is raised. Default true.</param>
/// <param name="Approvals">Notify when an approval waits for the caller (a username or role of theirs among the approvers). Default true.</param>
/// <param name="MinAlertSeverity">The least severe alert notified: info, warning or critical. Default warning.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NotificationPreferencesRequest(
    [property: Description("Whether notifications pop up as toasts. Default true.")] bool? Toasts = null,
    [property: Description("Notify workflow failures. Default true.")] bool? WorkflowFailures = null,
    [property: Description("Notify raised alerts. Default true.")] bool? Alerts = null,
    [property: Description("Notify approvals waiting for the caller. Default true.")] bool? Approvals = null,
    [property: Description("The least severe alert notified: info, warning or critical. Default warning.")] string? MinAlertSeverity = null);
