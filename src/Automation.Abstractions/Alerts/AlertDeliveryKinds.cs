namespace Automation.Alerts;

/// <summary>Why a message about an alert was sent.</summary>
public static class AlertDeliveryKinds
{
    /// <summary>The alert was raised (sent to the route's channels).</summary>
    public const string Raised = "raised";

    /// <summary>The alert was resolved (sent once, to the route's channels).</summary>
    public const string Resolved = "resolved";

    /// <summary>The alert stayed unacknowledged past the escalation delay (sent once, to the escalation channels).</summary>
    public const string Escalated = "escalated";
}
