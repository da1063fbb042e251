using System.Text.Json;
using Automation.Events;
using Automation.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres;

/// <summary>Workflow history chunks in the <c>automation_history</c> table, one row per event (jsonb).</summary>
public sealed class PostgresHistoryStore : IHistoryStore
{
    // jsonb reorders object keys, so the "type" discriminator may not come first when an event is read back.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowOutOfOrderMetadataProperties = true };

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store.</summary>
    /// <param name="dataSource">The database.</param>
    public PostgresHistoryStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc/>
    public async Task AppendAsync(string workflowId, IReadOnlyList<WorkflowEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }

        // One statement, one commit, for the whole chunk.
        await using var command = _dataSource.CreateCommand(
            """
            INSERT INTO automation_history (workflow_id, sequence, event)
            SELECT @workflow_id, s, e FROM unnest(@sequences, @events) AS t (s, e)
            ON CONFLICT (workflow_id, sequence) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("workflow_id", NpgsqlDbType.Text) { TypedValue = workflowId });
        command.Parameters.Add(new NpgsqlParameter<long[]>("sequences", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. events.Select(e => e.Sequence)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("events", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = [.. events.Select(e => JsonSerializer.Serialize(e, Json))] });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<WorkflowEvent>> ReadAsync(string workflowId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT event::text FROM automation_history
            WHERE workflow_id = @workflow_id AND sequence > @after
            ORDER BY sequence
            LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("workflow_id", NpgsqlDbType.Text) { TypedValue = workflowId });
        command.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        var events = new List<WorkflowEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(JsonSerializer.Deserialize<WorkflowEvent>(reader.GetString(0), Json)
                ?? throw new InvalidDataException($"A null history event is stored for workflow {workflowId}."));
        }

        return events;
    }
}
