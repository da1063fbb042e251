using System.Diagnostics;
using Npgsql;

namespace Automation.Bench;

/// <summary>
/// Measures the raw-PostgreSQL floor against the system's own server and database: "workflows" of
/// <see cref="BenchOptions.FloorWrites"/> single-row autocommitted writes (INSERT one row, then UPDATE it) into a
/// table of its own, with no engine, no HTTP and no Orleans. The burst runs <see cref="BenchOptions.Workflows"/> of
/// them on <see cref="BenchOptions.Concurrency"/> workers, each holding one connection; the sequential phase runs
/// <see cref="BenchOptions.SequentialCount"/> one at a time. Default Npgsql settings (no prepared statements),
/// like the engine's storage calls.
/// </summary>
internal sealed class FloorRunner(BenchOptions options, TextWriter log)
{
    /// <summary>The table the floor writes; created if missing and emptied before and after each run.</summary>
    public const string Table = "bench_floor";

    // About the size of a small grain state row's payload (FACTS: the 200-byte WriteStateAsync ceiling).
    private static readonly string Payload = new('x', 200);

    private long _nextId;

    private NpgsqlDataSource? _rounds;

    public async Task<FloorResult> RunAsync(CancellationToken cancellationToken)
    {
        // Disposing the data source at the end closes its connections: their backends exit and flush their
        // statistics, so the floor's commits do not leak into the next pg_stat reading of the system phases.
        var dataSource = NpgsqlDataSource.Create(options.Postgres!);
        await using (dataSource)
        {
            await ExecuteAsync(dataSource, $"CREATE TABLE IF NOT EXISTS {Table} (id bigint PRIMARY KEY, step integer NOT NULL, data text NOT NULL)", cancellationToken);
            await ExecuteAsync(dataSource, $"TRUNCATE {Table}", cancellationToken);

            // Warm-up, not counted: JIT (the bench's own Npgsql path, warmed as the system's is: --warmup floor
            // workflows at the burst's concurrency), plan caches, the table's first pages.
            await RunPhaseAsync(dataSource, "warm-up", Math.Max(options.Warmup, 1), Math.Max(options.Concurrency, 1), cancellationToken);

            var burst = options.RunBurst ? await MedianOfThreeAsync(() => RunPhaseAsync(dataSource, "burst", options.Workflows, options.Concurrency, cancellationToken)) : null;
            var sequential = options.RunSequential ? await MedianOfThreeAsync(() => RunPhaseAsync(dataSource, "sequential", options.SequentialCount, 1, cancellationToken)) : null;
            await ExecuteAsync(dataSource, $"TRUNCATE {Table}", cancellationToken);
            return new FloorResult(Table, options.FloorWrites, burst, sequential);
        }
    }

    /// <summary>
    /// The floor half of a paired round: one burst of <c>--workflows</c> floor workflows. The rounds share one data
    /// source, whose pooled connections (warmed once, as the system's are) keep their backends from round to round;
    /// the table is emptied after each round. <see cref="EndRoundsAsync"/> closes it.
    /// </summary>
    public async Task<FloorPhase> RunBurstRoundAsync(CancellationToken cancellationToken)
    {
        if (_rounds is null)
        {
            _rounds = NpgsqlDataSource.Create(options.Postgres!);
            await RunPhaseAsync(_rounds, "warm-up", Math.Max(Math.Min(options.Warmup, options.Workflows), 1), options.Concurrency, cancellationToken);
            await ExecuteAsync(_rounds, $"TRUNCATE {Table}", cancellationToken); // every round starts on an empty table
        }

        var phase = await RunPhaseAsync(_rounds, "burst", options.Workflows, options.Concurrency, cancellationToken);
        await ExecuteAsync(_rounds, $"TRUNCATE {Table}", cancellationToken);
        return phase;
    }

    /// <summary>Closes the rounds' connections: their backends exit and flush their statistics before the next pg_stat reading.</summary>
    public async Task EndRoundsAsync()
    {
        if (_rounds is not null)
        {
            await _rounds.DisposeAsync();
            _rounds = null;
        }
    }

    /// <summary>
    /// Runs a phase three times and keeps the median run: a phase lasts about a second, and on a shared machine one
    /// second can be a third slower than the next (a checkpoint, another tenant), which would move every ratio.
    /// </summary>
    private async Task<FloorPhase> MedianOfThreeAsync(Func<Task<FloorPhase>> run)
    {
        var runs = new List<FloorPhase>(3);
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await run());
        }

        var median = runs.OrderBy(r => r.WorkflowsPerSecond).ElementAt(1);
        log.WriteLine($"floor {median.Mode}: median of {string.Join(", ", runs.Select(r => r.WorkflowsPerSecond.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} workflows/s");
        return median with { Runs = [.. runs.Select(r => r.WorkflowsPerSecond)] };
    }

    private async Task<FloorPhase> RunPhaseAsync(NpgsqlDataSource dataSource, string mode, int workflows, int concurrency, CancellationToken cancellationToken)
    {
        log.WriteLine($"floor {mode}: {workflows} workflows of {options.FloorWrites} single-row autocommitted writes, {concurrency} connection(s)...");

        // Connections are opened before the clock starts: the engine's are pooled and warm too.
        var connections = new NpgsqlConnection[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            connections[i] = await dataSource.OpenConnectionAsync(cancellationToken);
        }

        var latencies = new double[workflows];
        var failed = 0;
        string? firstError = null;
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Task.WhenAll(connections.Select(connection => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < workflows)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        await RunWorkflowAsync(connection, Interlocked.Increment(ref _nextId), cancellationToken);
                        latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    }
                    catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
                    {
                        latencies[i] = double.NaN;
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref firstError, ex.Message, null);
                        if (connection.State != System.Data.ConnectionState.Open)
                        {
                            return; // A broken connection: the other workers go on.
                        }
                    }
                }
            }, cancellationToken)));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }

        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var done = latencies.Where(l => l > 0).ToArray();
        var phase = new FloorPhase
        {
            Mode = mode,
            Workflows = workflows,
            Concurrency = concurrency,
            Completed = done.Length,
            Failed = workflows - done.Length,
            FirstError = firstError,
            WallSeconds = wall,
            WorkflowsPerSecond = done.Length / Math.Max(wall, 1e-9),
            WritesPerSecond = done.Length * options.FloorWrites / Math.Max(wall, 1e-9),
            Latency = LatencySummary.From(done),
        };
        log.WriteLine($"floor {mode}: {phase.Completed}/{workflows} in {wall:F2} s, {phase.WorkflowsPerSecond:F1} workflows/s" + (failed > 0 ? $", {failed} failed: {firstError}" : string.Empty));
        return phase;
    }

    /// <summary>One floor workflow: INSERT one row, then UPDATE it; every statement is its own transaction.</summary>
    private async Task RunWorkflowAsync(NpgsqlConnection connection, long id, CancellationToken cancellationToken)
    {
        await using (var insert = new NpgsqlCommand($"INSERT INTO {Table} (id, step, data) VALUES (@id, 0, @data)", connection))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("data", Payload);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        for (var step = 1; step < options.FloorWrites; step++)
        {
            await using var update = new NpgsqlCommand($"UPDATE {Table} SET step = @step, data = @data WHERE id = @id", connection);
            update.Parameters.AddWithValue("id", id);
            update.Parameters.AddWithValue("step", step);
            update.Parameters.AddWithValue("data", Payload);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
