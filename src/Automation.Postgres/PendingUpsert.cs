using Automation.Persistence;

namespace Automation.Postgres;

/// <summary>A row waiting for the next group commit, and the caller waiting for it.</summary>
/// <param name="Entry">The row.</param>
internal sealed record PendingUpsert(WorkflowIndexEntry Entry)
{
    /// <summary>Completed when the batch holding the row commits (with whether the workflow's row was written), faulted when it fails.</summary>
    public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
