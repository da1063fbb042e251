using System.Text.Json;
using Automation.Agents;
using Automation.Definitions;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres;

/// <summary>Agent task rows in the <c>automation_agent_tasks</c> table (<c>sql/migrations/0009-agent-tasks.sql</c>).</summary>
public sealed class PostgresAgentTaskStore : IAgentTaskStore
{
    private const string Columns =
        "task_id, capability, queue_partition, workflow_id, step_id, attempt, priority, input, queue_timeout_ms, run_timeout_ms, " +
        "heartbeat_timeout_ms, enqueued_at, agent_id, leased_at, cancel_requested, result";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store.</summary>
    /// <param name="dataSource">The database.</param>
    public PostgresAgentTaskStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AgentTaskRecord>> LoadQueueAsync(string capability, int partition, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM automation_agent_tasks WHERE capability = @capability AND queue_partition = @partition");
        command.Parameters.Add(new NpgsqlParameter<string>("capability", NpgsqlDbType.Text) { TypedValue = capability });
        command.Parameters.Add(new NpgsqlParameter<int>("partition", NpgsqlDbType.Integer) { TypedValue = partition });
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AgentTaskRecord>> LoadLeasedByAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM automation_agent_tasks WHERE agent_id = @agent AND result IS NULL");
        command.Parameters.Add(new NpgsqlParameter<string>("agent", NpgsqlDbType.Text) { TypedValue = agentId });
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<AgentTaskRecord> InsertAsync(AgentTaskRecord task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        await using var command = _dataSource.CreateCommand(
            $"""
            WITH inserted AS (
                INSERT INTO automation_agent_tasks ({Columns})
                VALUES (@task_id, @capability, @partition, @workflow_id, @step_id, @attempt, @priority, @input, @queue_ms, @run_ms,
                        @heartbeat_ms, @enqueued_at, @agent_id, @leased_at, @cancel_requested, @result)
                ON CONFLICT (workflow_id, step_id, attempt) DO NOTHING
                RETURNING {Columns})
            SELECT {Columns} FROM inserted
            UNION ALL
            SELECT {Columns} FROM automation_agent_tasks WHERE workflow_id = @workflow_id AND step_id = @step_id AND attempt = @attempt
                AND NOT EXISTS (SELECT 1 FROM inserted)
            """);
        AddRow(command, task);
        var rows = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : task;
    }

    /// <inheritdoc/>
    public async Task UpdateAsync(AgentTaskRecord task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        await using var command = _dataSource.CreateCommand(
            """
            UPDATE automation_agent_tasks SET enqueued_at = @enqueued_at, agent_id = @agent_id, leased_at = @leased_at,
                cancel_requested = @cancel_requested, result = @result
            WHERE task_id = @task_id
            """);
        AddRow(command, task);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskIds);
        if (taskIds.Count == 0)
        {
            return;
        }

        await using var command = _dataSource.CreateCommand("DELETE FROM automation_agent_tasks WHERE task_id = ANY(@ids)");
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. taskIds] });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddRow(NpgsqlCommand command, AgentTaskRecord task)
    {
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string>("task_id", NpgsqlDbType.Text) { TypedValue = task.TaskId });
        p.Add(new NpgsqlParameter<string>("capability", NpgsqlDbType.Text) { TypedValue = task.Capability });
        p.Add(new NpgsqlParameter<int>("partition", NpgsqlDbType.Integer) { TypedValue = task.Partition });
        p.Add(new NpgsqlParameter<string>("workflow_id", NpgsqlDbType.Text) { TypedValue = task.WorkflowId });
        p.Add(new NpgsqlParameter<string>("step_id", NpgsqlDbType.Text) { TypedValue = task.StepId });
        p.Add(new NpgsqlParameter<int>("attempt", NpgsqlDbType.Integer) { TypedValue = task.Attempt });
        p.Add(new NpgsqlParameter<short>("priority", NpgsqlDbType.Smallint) { TypedValue = (short)task.Options.Priority });
        p.Add(new NpgsqlParameter<string>("input", NpgsqlDbType.Jsonb) { TypedValue = task.Input.GetRawText() });
        p.Add(new NpgsqlParameter<long>("queue_ms", NpgsqlDbType.Bigint) { TypedValue = (long)task.Options.QueueTimeout.TotalMilliseconds });
        p.Add(new NpgsqlParameter<long>("run_ms", NpgsqlDbType.Bigint) { TypedValue = (long)task.Options.RunTimeout.TotalMilliseconds });
        p.Add(new NpgsqlParameter("heartbeat_ms", NpgsqlDbType.Bigint) { Value = task.Options.HeartbeatTimeout is { } h ? (long)h.TotalMilliseconds : DBNull.Value });
        p.Add(new NpgsqlParameter<DateTime>("enqueued_at", NpgsqlDbType.TimestampTz) { TypedValue = task.EnqueuedAt.UtcDateTime });
        p.Add(new NpgsqlParameter("agent_id", NpgsqlDbType.Text) { Value = (object?)task.AgentId ?? DBNull.Value });
        p.Add(new NpgsqlParameter("leased_at", NpgsqlDbType.TimestampTz) { Value = task.LeasedAt is { } l ? l.UtcDateTime : DBNull.Value });
        p.Add(new NpgsqlParameter<bool>("cancel_requested", NpgsqlDbType.Boolean) { TypedValue = task.CancelRequested });
        p.Add(new NpgsqlParameter("result", NpgsqlDbType.Jsonb) { Value = task.Result is { } r ? JsonSerializer.Serialize(r) : DBNull.Value });
    }

    private static async Task<IReadOnlyList<AgentTaskRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<AgentTaskRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            using var input = JsonDocument.Parse(reader.GetString(7));
            var options = new AgentStepOptions(
                reader.GetInt16(6), TimeSpan.FromMilliseconds(reader.GetInt64(8)), TimeSpan.FromMilliseconds(reader.GetInt64(9)),
                reader.IsDBNull(10) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(10)));
            rows.Add(new AgentTaskRecord(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
                input.RootElement.Clone(), options, new DateTimeOffset(reader.GetFieldValue<DateTime>(11), TimeSpan.Zero))
            {
                AgentId = reader.IsDBNull(12) ? null : reader.GetString(12),
                LeasedAt = reader.IsDBNull(13) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(13), TimeSpan.Zero),
                CancelRequested = reader.GetBoolean(14),
                Result = reader.IsDBNull(15) ? null : JsonSerializer.Deserialize<AgentTaskResult>(reader.GetString(15)),
            });
        }

        return rows;
    }
}
