using Automation.Operations;
using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>The filter of a batch operation, as it was accepted.</summary>
/// <param name="Status">Only workflows with this status; otherwise null.</param>
/// <param name="Definition">Only workflows of this definition name; otherwise null.</param>
/// <param name="From">Only workflows created at or after this time; otherwise null.</param>
/// <param name="To">Only workflows created before this time; otherwise null.</param>
/// <param name="StartedBy">Only workflows started by this caller; otherwise null.</param>
/// <param name="Tag">Only workflows that have every one of these tags; empty for no tag filter.</param>
/// <param name="IdPrefix">Only workflows whose id starts with this text; otherwise null.</param>
/// <param name="ParentId">Only child workflows of this workflow; otherwise null.</param>
public sealed record BatchFilterResponse(
    WorkflowStatus? Status,
    string? Definition,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? StartedBy,
    IReadOnlyList<string> Tag,
    string? IdPrefix,
    string? ParentId)
{
    /// <summary>Maps the grain record.</summary>
    /// <param name="filter">The filter.</param>
    /// <returns>The API record.</returns>
    public static BatchFilterResponse Of(BatchFilter filter) =>
        new(filter.Status, filter.Definition, filter.From, filter.To, filter.StartedBy, filter.Tags, filter.IdPrefix, filter.ParentId);
}
