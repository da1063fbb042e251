using Automation.Persistence;

namespace Automation.Security;

/// <summary>The append-only audit trail in PostgreSQL.</summary>
public interface IAuditLog
{
    /// <summary>Appends entries.</summary>
    /// <param name="records">The entries (their <see cref="AuditRecord.Id"/> is ignored).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once they are committed.</returns>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Reads one page, newest (highest <see cref="AuditRecord.Id"/>) first.</summary>
    /// <param name="query">Filters, page size and cursor.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page.</returns>
    /// <exception cref="InvalidCursorException">The cursor is not one this log produced.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="AuditQuery.Limit"/> is not within 1–<see cref="AuditQuery.MaxLimit"/>.</exception>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
