namespace Automation.Api.Contracts;

/// <summary>A page of the monitored services matching the filters, ordered by name, with roll-ups over every match.</summary>
/// <param name="Items">The services on this page (each with its latest 5 transitions; <c>GET /services/{name}</c> has 100).</param>
/// <param name="Counts">How many matching services (on every page) are in each status.</param>
/// <param name="ByTag">Roll-up by tag (a service counts once under each of its tags).</param>
/// <param name="ByOwner">Roll-up by owner (services without one are left out).</param>
public sealed record ServiceListResponse(IReadOnlyList<ServiceResponse> Items, StatusCountsResponse Counts, IReadOnlyList<ServiceGroupResponse> ByTag, IReadOnlyList<ServiceGroupResponse> ByOwner)
{
    /// <summary>Pass as <c>cursor</c> (with the same filters) for the next page; absent on the last page.</summary>
    public string? NextCursor { get; init; }
}
