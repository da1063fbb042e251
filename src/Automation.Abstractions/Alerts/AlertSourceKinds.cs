namespace Automation.Alerts;

/// <summary>The kinds of alert source known to the silo; any other source may raise alerts under its own kind.</summary>
public static class AlertSourceKinds
{
    /// <summary>A monitored service (issue 11): raised when it turns Unhealthy, resolved when it recovers.</summary>
    public const string Service = "service";
}
