namespace Automation.Agents;

/// <summary>A capability's limits across all its partitions.</summary>
/// <param name="MaxConcurrency">Most tasks leased at once; <see langword="null"/> for no limit.</param>
/// <param name="MaxDispatchPerSecond">Most leases per second; <see langword="null"/> for no limit.</param>
[GenerateSerializer, Immutable, Alias("automation.CapabilityLimits")]
public sealed record CapabilityLimits(
    [property: Id(0)] int? MaxConcurrency,
    [property: Id(1)] double? MaxDispatchPerSecond)
{
    /// <summary>No limits.</summary>
    public static CapabilityLimits None { get; } = new(null, null);

    /// <summary>Whether any limit is set.</summary>
    public bool Any => MaxConcurrency is not null || MaxDispatchPerSecond is not null;
}
