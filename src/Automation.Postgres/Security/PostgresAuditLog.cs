using Automation.Security;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Security;

/// <summary>The audit trail in the append-only <c>automation_audit</c> table.</summary>
/// <param name="dataSource">The database.</param>
public sealed partial class PostgresAuditLog(NpgsqlDataSource dataSource) : IAuditLog
{
    /// <inheritdoc/>
    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return;
        }

        // One statement, one commit, for the whole batch.
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO automation_audit (at, actor, action, target, outcome, status, ip, request_id, detail)
            SELECT * FROM unnest(@at, @actor, @action, @target, @outcome, @status, @ip, @request_id, @detail::jsonb[])
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. records.Select(r => r.At)] });
        command.Parameters.Add(Texts("actor", records.Select(r => (string?)r.Actor)));
        command.Parameters.Add(Texts("action", records.Select(r => (string?)r.Action)));
        command.Parameters.Add(Texts("target", records.Select(r => r.Target)));
        command.Parameters.Add(Texts("outcome", records.Select(r => (string?)r.Outcome)));
        command.Parameters.Add(new NpgsqlParameter<int?[]>("status", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. records.Select(r => r.Status)] });
        command.Parameters.Add(Texts("ip", records.Select(r => r.Ip)));
        command.Parameters.Add(Texts("request_id", records.Select(r => r.RequestId)));
        command.Parameters.Add(Texts("detail", records.Select(r => r.Detail?.GetRawText())));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter<string?[]> Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] };
}
