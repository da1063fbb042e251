namespace Automation.Services;

/// <summary>A monitored service as registered with <c>PUT /api/v1/services/{name}</c>.</summary>
/// <param name="Probe">How it is probed.</param>
/// <param name="Thresholds">When probe results change its status.</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceSpec")]
public sealed record ServiceSpec(
    [property: Id(0)] ProbeSpec Probe,
    [property: Id(1)] HealthThresholds Thresholds)
{
    /// <summary>Free text.</summary>
    [Id(2)] public string? Description { get; init; }

    /// <summary>The owning team or person, for roll-ups.</summary>
    [Id(3)] public string? Owner { get; init; }

    /// <summary>Labels for filters and roll-ups.</summary>
    [Id(4)] public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Names of registered services this one needs; one of them Unhealthy makes this one Impacted.</summary>
    [Id(5)] public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>
    /// The base URL that <c>http</c> step calls are matched on (a call whose URL starts with it goes through this
    /// service's breaker); <see langword="null"/> means the origin of the http probe URL.
    /// </summary>
    [Id(6)] public string? BaseUrl { get; init; }

    /// <summary>The circuit breaker shared with <c>http</c> steps; <see langword="null"/> means <see cref="BreakerSettings.Default"/>.</summary>
    [Id(7)] public BreakerSettings? Breaker { get; init; }
}
