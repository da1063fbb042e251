namespace Automation.Services;

/// <summary>One page of services ordered by name, with the facets of every matching service (for counts and roll-ups).</summary>
/// <param name="Items">The page (each with its latest transitions only).</param>
/// <param name="Matching">Every service that matches the filters, on this page or not.</param>
/// <param name="Last">The last name of the page when more follow, else <see langword="null"/>.</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceListPage")]
public sealed record ServiceListPage(
    [property: Id(0)] IReadOnlyList<ServiceSnapshot> Items,
    [property: Id(1)] IReadOnlyList<ServiceFacet> Matching,
    [property: Id(2)] string? Last);
