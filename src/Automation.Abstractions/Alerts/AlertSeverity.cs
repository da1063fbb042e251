namespace Automation.Alerts;

/// <summary>How urgent an alert is; routes deliver alerts at or above their minimum severity.</summary>
public enum AlertSeverity
{
    /// <summary>For information.</summary>
    Info = 0,

    /// <summary>Something needs attention soon.</summary>
    Warning = 1,

    /// <summary>Something is down.</summary>
    Critical = 2,
}
