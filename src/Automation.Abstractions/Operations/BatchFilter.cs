using Automation.Workflows;

namespace Automation.Operations;

/// <summary>Which workflows a batch operation applies to: the filters of the workflow list, all of which must match.</summary>
/// <param name="Status">Only workflows with this status (in the visibility table when the operation reaches them).</param>
/// <param name="Definition">Only workflows of this definition name.</param>
/// <param name="From">Only workflows created at or after this instant.</param>
/// <param name="To">Only workflows created before this instant.</param>
/// <param name="StartedBy">Only workflows started by this caller (a username or <c>apikey:ID</c>).</param>
/// <param name="Tags">Only workflows that have every one of these tags; empty for no tag filter.</param>
/// <param name="IdPrefix">Only workflows whose id starts with this text.</param>
/// <param name="ParentId">Only child workflows of this parent workflow.</param>
[GenerateSerializer, Immutable, Alias("automation.BatchFilter")]
public sealed record BatchFilter(
    [property: Id(0)] WorkflowStatus? Status,
    [property: Id(1)] string? Definition,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To,
    [property: Id(4)] string? StartedBy,
    [property: Id(5)] IReadOnlyList<string> Tags,
    [property: Id(6)] string? IdPrefix,
    [property: Id(7)] string? ParentId)
{
    /// <summary>Whether no filter field is set, i.e. the filter would match every workflow.</summary>
    public bool IsEmpty =>
        Status is null && Definition is null && From is null && To is null && StartedBy is null && Tags.Count == 0 && IdPrefix is null && ParentId is null;
}
