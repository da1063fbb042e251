using Automation.Alerts;

namespace Automation.Grains.Alerts;

/// <summary>The alert manager's state: the routes and the keys whose suppression is recorded (alerts themselves are rows).</summary>
[GenerateSerializer, Alias("automation.AlertManagerState")]
internal sealed class AlertManagerState
{
    /// <summary>Where alerts go.</summary>
    [Id(0)] public AlertRoutes Routes { get; set; } = AlertRoutes.None;

    /// <summary>Keys of services failing inside a maintenance window whose suppression is already recorded (one record per window).</summary>
    [Id(1)] public HashSet<string> Suppressed { get; set; } = new(StringComparer.Ordinal);
}
