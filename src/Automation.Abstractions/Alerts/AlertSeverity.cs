using System.Text.Json.Serialization;

namespace Automation.Alerts;

/// <summary>How urgent an alert is; routes deliver alerts at or above their minimum severity.</summary>
/// <remarks>Written in JSON in lower case.</remarks>
public enum AlertSeverity
{
    /// <summary>For information.</summary>
    [JsonStringEnumMemberName("info")]
    Info = 0,

    /// <summary>Something needs attention soon.</summary>
    [JsonStringEnumMemberName("warning")]
    Warning = 1,

    /// <summary>Something is down.</summary>
    [JsonStringEnumMemberName("critical")]
    Critical = 2,
}
