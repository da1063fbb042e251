using System.ComponentModel;

namespace Automation.Api.Contracts;

/// <summary>The caller's notification preferences (defaults until they save some).</summary>
/// <param name="Toasts">Whether notifications pop up as toasts.</param>
/// <param name="WorkflowFailures">Notify workflow failures.</param>
/// <param name="Alerts">Notify raised alerts.</param>
/// <param name="Approvals">Notify approvals waiting for the caller.</param>
/// <param name="MinAlertSeverity">The least severe alert notified: info, warning or critical.</param>
/// <param name="UpdatedAt">When they were saved; absent for the defaults.</param>
public sealed record NotificationPreferencesResponse(
    [property: Description("Whether notifications pop up as toasts.")] bool Toasts,
    [property: Description("Notify workflow failures.")] bool WorkflowFailures,
    [property: Description("Notify raised alerts.")] bool Alerts,
    [property: Description("Notify approvals waiting for the caller.")] bool Approvals,
    [property: Description("The least severe alert notified: info, warning or critical.")] string MinAlertSeverity,
    [property: Description("When they were saved; absent for the defaults.")] DateTimeOffset? UpdatedAt = null)
{
    /// <summary>What a user who never saved preferences gets.</summary>
    public static NotificationPreferencesResponse Defaults { get; } = new(true, true, true, true, "warning");
}
