namespace Automation.Security;

/// <summary>The append-only audit trail in PostgreSQL.</summary>
public interface IAuditLog
{
    /// <summary>Appends entries.</summary>
    /// <param name="records">The entries (their <see cref="AuditRecord.Id"/> is ignored).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once they are committed.</returns>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default);
}
