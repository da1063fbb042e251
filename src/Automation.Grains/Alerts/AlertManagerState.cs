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

    /// <summary>
    /// Keys of service alerts resolved by hand while the service was still Unhealthy, with the start of that Unhealthy
    /// spell (the service's <c>StatusSince</c>): no alert is raised again for that spell. Removed when the service leaves
    /// Unhealthy or is deleted.
    /// </summary>
    [Id(2)] public Dictionary<string, DateTimeOffset> Closed { get; set; } = new(StringComparer.Ordinal);
}
