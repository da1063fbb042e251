namespace Automation.Services;

/// <summary>A maintenance window: until its end the service shows Maintenance (alerts are suppressed).</summary>
/// <param name="Until">When it ends.</param>
/// <param name="Reason">Why, as given.</param>
/// <param name="SetBy">Who set it.</param>
/// <param name="SetAt">When it was set.</param>
[GenerateSerializer, Immutable, Alias("automation.MaintenanceWindow")]
public sealed record MaintenanceWindow(
    [property: Id(0)] DateTimeOffset Until,
    [property: Id(1)] string? Reason,
    [property: Id(2)] string? SetBy,
    [property: Id(3)] DateTimeOffset SetAt);
