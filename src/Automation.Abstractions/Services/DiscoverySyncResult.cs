namespace Automation.Services;

/// <summary>What one discovery pass did.</summary>
/// <param name="Registered">Services registered for the first time.</param>
/// <param name="Updated">Services whose Kubernetes Service changed and were registered again.</param>
/// <param name="Removed">Services whose Kubernetes Service is gone and that were deleted.</param>
/// <param name="Skipped">Services left alone, each with why (registered by hand, invalid annotations, dependents left).</param>
/// <param name="Error">Why the list failed (nothing was changed then), or <see langword="null"/>.</param>
[GenerateSerializer, Immutable, Alias("automation.DiscoverySyncResult")]
public sealed record DiscoverySyncResult(
    [property: Id(0)] IReadOnlyList<string> Registered,
    [property: Id(1)] IReadOnlyList<string> Updated,
    [property: Id(2)] IReadOnlyList<string> Removed,
    [property: Id(3)] IReadOnlyList<string> Skipped,
    [property: Id(4)] string? Error);
