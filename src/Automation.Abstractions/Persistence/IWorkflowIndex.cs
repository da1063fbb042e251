using Automation.Workflows;

namespace Automation.Persistence;

/// <summary>The workflow visibility table: written by workflow grains, read by the list API.</summary>
public interface IWorkflowIndex
{
    /// <summary>
    /// Inserts or updates a row; a row with a higher revision is never overwritten, nor any row by an entry of
    /// <see cref="WorkflowIndexEntry.InsertOnlyRevision"/>. Completes once durable.
    /// </summary>
    /// <param name="entry">The row.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether the workflow's row was written (this entry, or a newer one of the same workflow in the same commit); false when the stored row was kept.</returns>
    Task<bool> UpsertAsync(WorkflowIndexEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Reads one page.</summary>
    /// <param name="query">Filters, page size and cursor.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page.</returns>
    /// <exception cref="InvalidCursorException">The cursor is not one this index produced.</exception>
    Task<WorkflowPage> QueryAsync(WorkflowQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts the rows that match a query's filters, per status. The query's <see cref="WorkflowQuery.Status"/>,
    /// <see cref="WorkflowQuery.Limit"/> and <see cref="WorkflowQuery.Cursor"/> are ignored.
    /// </summary>
    /// <param name="query">The filters.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The count of each status that has matching rows (a status with none is absent).</returns>
    Task<IReadOnlyDictionary<WorkflowStatus, long>> CountAsync(WorkflowQuery query, CancellationToken cancellationToken = default);
}
