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
/// <param name="Revision">Monotonic revision from the grain (its history length); an older revision never overwrites a newer one, and <see cref="InsertOnlyRevision"/> overwrites nothing.</param>
/// <param name="StartedBy">Who started the workflow, when known.</param>
/// <param name="Tags">The labels given at start; <see langword="null"/> reads as none.</param>
/// <param name="ParentId">The parent workflow id, for a child workflow.</param>
public sealed record WorkflowIndexEntry(
    string WorkflowId,
    string Definition,
    int Version,
    WorkflowStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    long Revision,
    string? StartedBy = null,
    IReadOnlyList<string>? Tags = null,
    string? ParentId = null)
{
    /// <summary>
    /// The revision of a row that may be inserted but never replaces a stored one, whatever its revision: a start that
    /// has not read its state writes its row so (ADR 0028), and a workflow that exists after all keeps its row.
    /// </summary>
    public const long InsertOnlyRevision = -1;

    /// <summary>Whether both rows hold the same values; the tags compare element by element, a missing list as an empty one.</summary>
    /// <param name="other">The other row.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(WorkflowIndexEntry? other) =>
        other is not null
        && WorkflowId == other.WorkflowId && Definition == other.Definition && Version == other.Version && Status == other.Status
        && CreatedAt == other.CreatedAt && UpdatedAt == other.UpdatedAt && CompletedAt == other.CompletedAt
        && Revision == other.Revision && StartedBy == other.StartedBy && ParentId == other.ParentId
        && (Tags ?? []).SequenceEqual(other.Tags ?? [], StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(WorkflowId, Revision, Status);
}
