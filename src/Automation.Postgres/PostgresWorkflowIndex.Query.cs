using System.Text;
using Automation.Workflows;
using Npgsql;
using NpgsqlTypes;

using Automation.Persistence;

namespace Automation.Postgres;

/// <summary>The page query of <see cref="PostgresWorkflowIndex"/>.</summary>
public sealed partial class PostgresWorkflowIndex
{
    /// <summary>The largest page <see cref="QueryAsync"/> returns.</summary>
    public const int MaxPageSize = 1000;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="WorkflowQuery.Limit"/> is not within 1–1000.</exception>
    public async Task<WorkflowPage> QueryAsync(WorkflowQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxPageSize, nameof(query));
        var after = query.Cursor is null ? (WorkflowCursor?)null : WorkflowCursor.Decode(query.Cursor);

        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder(
            """
            SELECT workflow_id, definition_name, definition_version, status, created_at, updated_at, completed_at, revision, started_by, tags, parent_id
            FROM automation_workflows
            WHERE TRUE
            """);
        AppendFilters(sql, command, query, withStatus: true);
        if (after is { } cursor)
        {
            // Row comparison matches the (created_at DESC, workflow_id DESC) indexes.
            sql.Append(" AND (created_at, workflow_id) < (@after_created, @after_id)");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("after_created", NpgsqlDbType.TimestampTz) { TypedValue = cursor.CreatedAt });
            command.Parameters.Add(new NpgsqlParameter<string>("after_id", NpgsqlDbType.Text) { TypedValue = cursor.WorkflowId });
        }

        // One extra row tells whether a next page exists.
        sql.Append(" ORDER BY created_at DESC, workflow_id DESC LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = query.Limit + 1 });
        command.CommandText = sql.ToString();

        var items = new List<WorkflowIndexEntry>(Math.Min(query.Limit + 1, 128));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(ReadEntry(reader));
            }
        }

        if (items.Count <= query.Limit)
        {
            return new WorkflowPage(items, null);
        }

        items.RemoveAt(items.Count - 1);
        var last = items[^1];
        return new WorkflowPage(items, new WorkflowCursor(last.CreatedAt.UtcDateTime, last.WorkflowId).Encode());
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<WorkflowStatus, long>> CountAsync(WorkflowQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder("SELECT status, count(*) FROM automation_workflows WHERE TRUE");
        AppendFilters(sql, command, query, withStatus: false);
        sql.Append(" GROUP BY status");
        command.CommandText = sql.ToString();
        var counts = new Dictionary<WorkflowStatus, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Enum.TryParse<WorkflowStatus>(reader.GetString(0), out var status))
            {
                counts[status] = reader.GetInt64(1);
            }
        }

        return counts;
    }

    private static void AppendFilters(StringBuilder sql, NpgsqlCommand command, WorkflowQuery query, bool withStatus)
    {
        if (withStatus && query.Status is { } status)
        {
            sql.Append(" AND status = @status");
            command.Parameters.Add(new NpgsqlParameter<string>("status", NpgsqlDbType.Text) { TypedValue = status.ToString() });
        }

        if (query.Definition is { } definition)
        {
            sql.Append(" AND definition_name = @definition");
            command.Parameters.Add(new NpgsqlParameter<string>("definition", NpgsqlDbType.Text) { TypedValue = definition });
        }

        if (query.StartedBy is { } startedBy)
        {
            sql.Append(" AND started_by = @started_by");
            command.Parameters.Add(new NpgsqlParameter<string>("started_by", NpgsqlDbType.Text) { TypedValue = startedBy });
        }

        if (query.ParentId is { } parentId)
        {
            sql.Append(" AND parent_id = @parent_id");
            command.Parameters.Add(new NpgsqlParameter<string>("parent_id", NpgsqlDbType.Text) { TypedValue = parentId });
        }

        if (query.Tags is { Count: > 0 } tags)
        {
            sql.Append(" AND tags @> @tags");
            command.Parameters.Add(new NpgsqlParameter<string[]>("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. tags] });
        }

        if (query.IdPrefix is { Length: > 0 } prefix)
        {
            // workflow_id is COLLATE "C": a LIKE with a constant-prefix pattern is a range scan of the primary key.
            sql.Append(@" AND workflow_id LIKE @id_prefix ESCAPE '\'");
            command.Parameters.Add(new NpgsqlParameter<string>("id_prefix", NpgsqlDbType.Text) { TypedValue = EscapeLike(prefix) + "%" });
        }

        if (query.From is { } from)
        {
            sql.Append(" AND created_at >= @from");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("from", NpgsqlDbType.TimestampTz) { TypedValue = from.UtcDateTime });
        }

        if (query.To is { } to)
        {
            sql.Append(" AND created_at < @to");
            command.Parameters.Add(new NpgsqlParameter<DateTime>("to", NpgsqlDbType.TimestampTz) { TypedValue = to.UtcDateTime });
        }
    }

    private static WorkflowIndexEntry ReadEntry(NpgsqlDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt32(2),
            Enum.Parse<WorkflowStatus>(reader.GetString(3)),
            reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            reader.GetInt64(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.GetFieldValue<string[]>(9),
            reader.IsDBNull(10) ? null : reader.GetString(10));

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
