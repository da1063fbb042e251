namespace Automation.Services;

/// <summary>A page of the service list: filters, the name to start after, and the page size.</summary>
/// <param name="Status">Only services with this shown status.</param>
/// <param name="Tag">Only services with this tag.</param>
/// <param name="Owner">Only services of this owner.</param>
/// <param name="After">Only names after this one (ordinal): the previous page's last name.</param>
/// <param name="Limit">The most items on the page.</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceListQuery")]
public sealed record ServiceListQuery(
    [property: Id(0)] ServiceStatus? Status,
    [property: Id(1)] string? Tag,
    [property: Id(2)] string? Owner,
    [property: Id(3)] string? After,
    [property: Id(4)] int Limit);
