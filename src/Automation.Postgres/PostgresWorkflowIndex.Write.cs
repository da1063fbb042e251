using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

using Automation.Persistence;

namespace Automation.Postgres;

/// <summary>The batch statement of <see cref="PostgresWorkflowIndex"/>.</summary>
public sealed partial class PostgresWorkflowIndex
{
    private const string UpsertSql =
        """
        INSERT INTO automation_workflows AS w
            (workflow_id, definition_name, definition_version, status, created_at, updated_at, completed_at, revision, started_by, tags, parent_id)
        SELECT u.id, u.definition, u.version, u.status, u.created, u.updated, u.completed, u.revision, u.started_by,
               ARRAY(SELECT jsonb_array_elements_text(u.tags::jsonb)), u.parent_id
        FROM unnest(@ids, @definitions, @versions, @statuses, @created, @updated, @completed, @revisions, @started_by, @tags, @parent_ids)
            AS u (id, definition, version, status, created, updated, completed, revision, started_by, tags, parent_id)
        ON CONFLICT (workflow_id) DO UPDATE
        SET definition_name = excluded.definition_name,
            definition_version = excluded.definition_version,
            status = excluded.status,
            created_at = excluded.created_at,
            updated_at = excluded.updated_at,
            completed_at = excluded.completed_at,
            revision = excluded.revision,
            started_by = excluded.started_by,
            tags = excluded.tags,
            parent_id = excluded.parent_id
        WHERE excluded.revision >= w.revision AND excluded.revision >= 0
        RETURNING w.workflow_id
        """;

    /// <summary>Writes the batch in one statement; returns the ids whose row was inserted or updated.</summary>
    private async Task<HashSet<string>> WriteBatchAsync(List<PendingUpsert> batch)
    {
        // ON CONFLICT cannot touch one row twice in a statement: keep the highest revision per id,
        // and the latest enqueued among equals.
        var rows = new Dictionary<string, WorkflowIndexEntry>(batch.Count, StringComparer.Ordinal);
        foreach (var item in batch)
        {
            var entry = item.Entry;
            if (!rows.TryGetValue(entry.WorkflowId, out var kept) || entry.Revision >= kept.Revision)
            {
                rows[entry.WorkflowId] = entry;
            }
        }

        // In id order: the rows' locks are taken in the order state-write batches take them (ADR 0031).
        var entries = rows.Values.OrderBy(e => e.WorkflowId, StringComparer.Ordinal).ToArray();
        await using var command = _dataSource.CreateCommand(UpsertSql);
        command.Parameters.Add(Array("ids", NpgsqlDbType.Text, entries.Select(e => e.WorkflowId)));
        command.Parameters.Add(Array("definitions", NpgsqlDbType.Text, entries.Select(e => e.Definition)));
        command.Parameters.Add(Array("versions", NpgsqlDbType.Integer, entries.Select(e => e.Version)));
        command.Parameters.Add(Array("statuses", NpgsqlDbType.Text, entries.Select(e => e.Status.ToString())));
        command.Parameters.Add(Array("created", NpgsqlDbType.TimestampTz, entries.Select(e => e.CreatedAt.UtcDateTime)));
        command.Parameters.Add(Array("updated", NpgsqlDbType.TimestampTz, entries.Select(e => e.UpdatedAt.UtcDateTime)));
        command.Parameters.Add(Array("completed", NpgsqlDbType.TimestampTz, entries.Select(e => e.CompletedAt?.UtcDateTime)));
        command.Parameters.Add(Array("revisions", NpgsqlDbType.Bigint, entries.Select(e => e.Revision)));
        command.Parameters.Add(Array("started_by", NpgsqlDbType.Text, entries.Select(e => e.StartedBy)));
        // unnest flattens a 2-D array, and rows have different tag counts: each row's tags travel as one JSON array text.
        command.Parameters.Add(Array("tags", NpgsqlDbType.Text, entries.Select(e => JsonSerializer.Serialize(e.Tags ?? []))));
        command.Parameters.Add(Array("parent_ids", NpgsqlDbType.Text, entries.Select(e => e.ParentId)));
        var written = new HashSet<string>(entries.Length, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            written.Add(reader.GetString(0));
        }

        return written;
    }

    private static NpgsqlParameter<T[]> Array<T>(string name, NpgsqlDbType elementType, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | elementType) { TypedValue = values.ToArray() };
}
