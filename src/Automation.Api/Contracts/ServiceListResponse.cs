namespace Automation.Api.Contracts;

/// <summary>Monitored services matching the filters, ordered by name, with roll-ups.</summary>
/// <param name="Items">The services.</param>
/// <param name="Counts">How many of them are in each status.</param>
/// <param name="ByTag">Roll-up by tag (a service counts once under each of its tags).</param>
/// <param name="ByOwner">Roll-up by owner (services without one are left out).</param>
public sealed record ServiceListResponse(IReadOnlyList<ServiceResponse> Items, StatusCountsResponse Counts, IReadOnlyList<ServiceGroupResponse> ByTag, IReadOnlyList<ServiceGroupResponse> ByOwner);
