namespace Automation.Persistence;

/// <summary>
/// The finished steps of workflows that no longer live in grain state. A workflow grain keeps its running and recently
/// finished steps in its state and moves finished ones here in chunks, so a long workflow's writes stay bounded; it
/// reads them back when it activates. A step present in the grain state wins over its archived row.
/// </summary>
public interface IStepArchive
{
    /// <summary>Stores steps of one workflow, replacing the rows of steps already stored. Idempotent.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="steps">The steps, each id at most once.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the steps are durable.</returns>
    Task UpsertAsync(string workflowId, IReadOnlyList<ArchivedStep> steps, CancellationToken cancellationToken = default);

    /// <summary>Reads every stored step of one workflow.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The steps, in no particular order; empty when none are stored.</returns>
    Task<IReadOnlyList<ArchivedStep>> ReadAsync(string workflowId, CancellationToken cancellationToken = default);
}
