using Automation.Workflows;

namespace Automation.Persistence;

/// <summary>One row of the workflow visibility table, kept current by the workflow grains.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Definition">The definition name.</param>
/// <param name="Version">The pinned definition version.</param>
/// <param name="Status">The workflow status.</param>
/// <param name="CreatedAt">When the workflow started.</param>
/// <param name="UpdatedAt">When this row was last changed.</param>
/// <param name="CompletedAt">When the workflow reached a final status.</param>
/// <param name="Revision">Monotonic revision from the grain (its history length); an older revision never overwrites a newer one.</param>
/// <param name="StartedBy">Who started the workflow, when known.</param>
public sealed record WorkflowIndexEntry(
    string WorkflowId,
    string Definition,
    int Version,
    WorkflowStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    long Revision,
    string? StartedBy = null);
