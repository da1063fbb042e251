using Automation.Alerts;

namespace Automation.Grains.Live;

/// <summary>Alert enums spelled as the API spells them (lower case), without allocating.</summary>
internal static class LiveNames
{
    /// <summary>The API's name of a severity.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>info, warning or critical.</returns>
    public static string Of(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        _ => "critical",
    };

    /// <summary>The API's name of an alert status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>open, acknowledged or resolved.</returns>
    public static string Of(AlertStatus status) => status switch
    {
        AlertStatus.Open => "open",
        AlertStatus.Acknowledged => "acknowledged",
        _ => "resolved",
    };
}
