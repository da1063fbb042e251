using Npgsql;

namespace Automation.Bench;

/// <summary>Reads the write counters of the engine's tables and the database's commit count.</summary>
internal sealed class PgStats(string connectionString)
{
    /// <summary>The tables the engine writes per workflow; PostgreSQL folds the unquoted names to lower case.</summary>
    public static readonly string[] Tables = ["orleansstorage", "orleansreminderstable", "automation_workflows", "automation_agent_tasks"];

    private bool? _canForceFlush;

    public string ServerVersion { get; private set; } = "?";

    /// <summary>
    /// Reads the counters once they have stopped moving. Statistics reach the shared counters asynchronously: a
    /// backend flushes at most once a second, and a backend that goes idle less than a second after its last flush
    /// keeps its counts for PGSTAT_IDLE_INTERVAL (10 s) before flushing them. <c>pg_stat_force_next_flush()</c>
    /// only affects the backend that calls it. The engine also finishes a few writes (visibility row, reminder
    /// removal) after the final status is observable. So: wait 11 s, then read until two reads a second apart agree.
    /// </summary>
    public async Task<PgSnapshot> ReadSettledAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(11), cancellationToken);
        var previous = await ReadAsync(cancellationToken);
        for (var i = 0; i < 30; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var current = await ReadAsync(cancellationToken);
            if (SameTables(previous, current))
            {
                return current;
            }

            previous = current;
        }

        return previous;
    }

    public async Task<PgSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        ServerVersion = connection.PostgreSqlVersion.ToString();
        if (_canForceFlush ?? (_canForceFlush = connection.PostgreSqlVersion.Major >= 15).Value)
        {
            // Flushes this backend's own pending counters; other backends flush on their own schedule (see above).
            await using var flush = new NpgsqlCommand("SELECT pg_stat_force_next_flush()", connection);
            await flush.ExecuteNonQueryAsync(cancellationToken);
        }

        var tables = Tables.ToDictionary(t => t, _ => new TableCounts(0, 0, 0), StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables WHERE relname = ANY(@names)", connection))
        {
            command.Parameters.AddWithValue("names", Tables);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tables[reader.GetString(0)] = new TableCounts(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            }
        }

        // Grain state rows carry a version that every write increments: its sum per grain type counts state writes
        // by grain type (a diagnostic cross-check of pg_stat; the engine itself never reads this table for reporting).
        var grains = new Dictionary<string, GrainWrites>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            "SELECT graintypestring, count(*), coalesce(sum(version), 0)::bigint FROM orleansstorage GROUP BY graintypestring", connection))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                grains[reader.GetString(0)] = new GrainWrites(reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        await using var db = new NpgsqlCommand(
            "SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var dbReader = await db.ExecuteReaderAsync(cancellationToken);
        await dbReader.ReadAsync(cancellationToken);
        return new PgSnapshot(tables, grains, dbReader.GetInt64(0), dbReader.GetInt64(1));
    }

    private static bool SameTables(PgSnapshot a, PgSnapshot b) =>
        a.Tables.All(t => b.Tables.TryGetValue(t.Key, out var other) && other == t.Value)
        && a.GrainWrites.Count == b.GrainWrites.Count
        && a.GrainWrites.All(g => b.GrainWrites.TryGetValue(g.Key, out var other) && other == g.Value);
}
