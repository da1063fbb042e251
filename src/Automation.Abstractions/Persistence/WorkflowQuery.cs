using Automation.Workflows;

namespace Automation.Persistence;

/// <summary>A page request over the workflow visibility table, newest first.</summary>
/// <param name="Status">Only workflows with this status.</param>
/// <param name="Definition">Only workflows of this definition name.</param>
/// <param name="From">Only workflows created at or after this instant.</param>
/// <param name="To">Only workflows created before this instant.</param>
/// <param name="Limit">Page size, 1–1000.</param>
/// <param name="Cursor">The opaque <see cref="WorkflowPage.NextCursor"/> of the previous page.</param>
/// <param name="StartedBy">Only workflows started by this caller (a username or <c>apikey:ID</c>).</param>
/// <param name="Tags">Only workflows that have every one of these tags; <see langword="null"/> or empty for no tag filter.</param>
/// <param name="IdPrefix">Only workflows whose id starts with this text (compared ordinally, no wildcards).</param>
/// <param name="ParentId">Only child workflows of this parent workflow.</param>
public sealed record WorkflowQuery(
    WorkflowStatus? Status,
    string? Definition,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Limit,
    string? Cursor,
    string? StartedBy = null,
    IReadOnlyList<string>? Tags = null,
    string? IdPrefix = null,
    string? ParentId = null);
