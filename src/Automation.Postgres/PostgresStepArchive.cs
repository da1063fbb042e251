using Automation.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres;

/// <summary>Finished workflow steps in the <c>automation_workflow_steps</c> table, one row per step (json, kept exactly as written).</summary>
public sealed class PostgresStepArchive : IStepArchive
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the archive.</summary>
    /// <param name="dataSource">The database.</param>
    public PostgresStepArchive(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc/>
    public async Task UpsertAsync(string workflowId, IReadOnlyList<ArchivedStep> steps, CancellationToken cancellationToken = default)
    {
        if (steps.Count == 0)
        {
            return;
        }

        // One statement, one commit, for the whole chunk. A step archived again (a retry reset it) replaces its row.
        await using var command = _dataSource.CreateCommand(
            """
            INSERT INTO automation_workflow_steps (workflow_id, step_id, state)
            SELECT @workflow_id, s, j FROM unnest(@step_ids, @states) AS t (s, j)
            ON CONFLICT (workflow_id, step_id) DO UPDATE SET state = excluded.state
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("workflow_id", NpgsqlDbType.Text) { TypedValue = workflowId });
        command.Parameters.Add(new NpgsqlParameter<string[]>("step_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. steps.Select(s => s.StepId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("states", NpgsqlDbType.Array | NpgsqlDbType.Json) { TypedValue = [.. steps.Select(s => s.State)] });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ArchivedStep>> ReadAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT step_id, state::text FROM automation_workflow_steps WHERE workflow_id = @workflow_id");
        command.Parameters.Add(new NpgsqlParameter<string>("workflow_id", NpgsqlDbType.Text) { TypedValue = workflowId });
        var steps = new List<ArchivedStep>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            steps.Add(new ArchivedStep(reader.GetString(0), reader.GetString(1)));
        }

        return steps;
    }
}
