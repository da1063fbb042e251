using System.Text;
using System.Text.Json;
using Automation.Security;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Security;

/// <summary>The page query of <see cref="PostgresAuditLog"/>.</summary>
public sealed partial class PostgresAuditLog
{
    /// <inheritdoc/>
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, AuditQuery.MaxLimit, nameof(query));
        var after = query.Cursor is null ? (AuditCursor?)null : AuditCursor.Decode(query.Cursor);

        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder(
            """
            SELECT id, at, actor, action, target, outcome, status, ip, request_id, detail::text
            FROM automation_audit
            WHERE TRUE
            """);
        Filter(sql, command, "actor", "actor = @actor", query.Actor);
        Filter(sql, command, "action", "action = @action", query.Action);
        Filter(sql, command, "target", "target = @target", query.Target);
        Filter(sql, command, "outcome", "outcome = @outcome", query.Outcome);
        if (query.From is { } from)
        {
            sql.Append(" AND at >= @from");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("from", NpgsqlDbType.TimestampTz) { TypedValue = from.UtcDateTime });
        }

        if (query.To is { } to)
        {
            sql.Append(" AND at < @to");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("to", NpgsqlDbType.TimestampTz) { TypedValue = to.UtcDateTime });
        }

        if (after is { } cursor)
        {
            sql.Append(" AND id < @after");
            command.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = cursor.Id });
        }

        // Keyset on the primary key (the (actor, id DESC) and (action, id DESC) indexes serve those filters); one extra
        // row tells whether a next page exists.
        sql.Append(" ORDER BY id DESC LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = query.Limit + 1 });
        command.CommandText = sql.ToString();

        var items = new List<AuditRecord>(Math.Min(query.Limit + 1, 128));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(Read(reader));
            }
        }

        if (items.Count <= query.Limit)
        {
            return new AuditPage(items, null);
        }

        items.RemoveAt(items.Count - 1);
        return new AuditPage(items, new AuditCursor(items[^1].Id).Encode());
    }

    private static void Filter(StringBuilder sql, NpgsqlCommand command, string name, string condition, string? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(condition);
            command.Parameters.Add(new NpgsqlParameter<string>(name, NpgsqlDbType.Text) { TypedValue = value });
        }
    }

    private static AuditRecord Read(NpgsqlDataReader reader) =>
        new(
            reader.GetInt64(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetInt32(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.IsDBNull(9) ? null : JsonSerializer.Deserialize<JsonElement>(reader.GetString(9)));
}
