namespace Automation.Engine.Alerts;

/// <summary>What the alert manager does about one service.</summary>
public enum ServiceAlertAction
{
    /// <summary>Nothing: the alerts already match the status.</summary>
    None = 0,

    /// <summary>Raise the service's unhealthy alert.</summary>
    Raise = 1,

    /// <summary>Resolve its unresolved alert automatically.</summary>
    Resolve = 2,

    /// <summary>Record that an alert was suppressed (the service is failing inside a maintenance window).</summary>
    Suppress = 3,
}
