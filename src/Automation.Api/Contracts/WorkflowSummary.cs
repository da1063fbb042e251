using Automation.Persistence;
using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>One workflow in a listing.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Definition">The definition name.</param>
/// <param name="Version">The pinned definition version.</param>
/// <param name="Status">The workflow status.</param>
/// <param name="CreatedAt">When the workflow started.</param>
/// <param name="UpdatedAt">When its status last changed.</param>
/// <param name="CompletedAt">When it reached a final status, if it has.</param>
/// <param name="StartedBy">Who started it (a username or <c>apikey:ID</c>), when known.</param>
/// <param name="Tags">The labels given at start; empty when none.</param>
public sealed record WorkflowSummary(
    string WorkflowId,
    string Definition,
    int Version,
    WorkflowStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    string? StartedBy,
    IReadOnlyList<string> Tags)
{
    /// <summary>Maps a visibility row (its internal revision stays behind).</summary>
    /// <param name="entry">The row.</param>
    /// <returns>The summary.</returns>
    public static WorkflowSummary From(WorkflowIndexEntry entry) =>
        new(entry.WorkflowId, entry.Definition, entry.Version, entry.Status, entry.CreatedAt, entry.UpdatedAt, entry.CompletedAt, entry.StartedBy, entry.Tags ?? []);
}
