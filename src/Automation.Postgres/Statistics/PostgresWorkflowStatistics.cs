using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Statistics;

/// <summary>
/// Aggregates workflow activity for the console's dashboard in PostgreSQL, from the visibility table
/// (<c>automation_workflows</c>), in one round trip. Every query but the current counts is bounded by the window and
/// served by an index: started by <c>ix_automation_workflows_created</c>, finished by the partial
/// <c>ix_automation_workflows_completed</c>; running and paused by <c>ix_automation_workflows_status_created</c>
/// (those rows are the workflows in flight, not history).
/// </summary>
/// <param name="dataSource">The shared data source.</param>
public sealed class PostgresWorkflowStatistics(NpgsqlDataSource dataSource)
{
    /// <summary>The most definitions <see cref="ReadAsync"/> lists as failing.</summary>
    public const int TopFailingLimit = 5;

    // The queries, internal for the tests that read their plans. Buckets are counted from @from in SQL, so that each
    // query returns one row per bucket (and status), never the rows themselves.
    internal const string StartedSql = """
        SELECT floor(extract(epoch FROM created_at - @from) / @bucket)::int, count(*)
        FROM automation_workflows WHERE created_at >= @from AND created_at < @to GROUP BY 1
        """;

    internal const string FinishedSql = """
        SELECT floor(extract(epoch FROM completed_at - @from) / @bucket)::int, status, count(*)
        FROM automation_workflows WHERE completed_at >= @from AND completed_at < @to GROUP BY 1, 2
        """;

    internal const string DurationSql = """
        SELECT percentile_cont(ARRAY[0.5, 0.95]::float8[]) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at)::float8)
        FROM automation_workflows WHERE completed_at >= @from AND completed_at < @to AND status = 'Completed'
        """;

    internal const string TopFailingSql = """
        SELECT definition_name, count(*) FILTER (WHERE status IN ('Failed', 'TimedOut')) AS failed, count(*)
        FROM automation_workflows WHERE completed_at >= @from AND completed_at < @to
        GROUP BY definition_name HAVING count(*) FILTER (WHERE status IN ('Failed', 'TimedOut')) > 0
        ORDER BY failed DESC, definition_name LIMIT @top
        """;

    // Not bounded by the window: these rows are the workflows in flight, not history.
    internal const string InFlightSql = "SELECT status, count(*) FROM automation_workflows WHERE status IN ('Running', 'Paused') GROUP BY status";

    /// <summary>Reads the activity of the window that ends at <paramref name="now"/>.</summary>
    /// <param name="now">The end of the window.</param>
    /// <param name="window">How far back; at least one bucket.</param>
    /// <param name="bucket">The width of a bucket: at least one second, a whole number of seconds.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The activity.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The bucket is not a whole number of seconds, or is wider than the window.</exception>
    public async Task<WorkflowActivity> ReadAsync(DateTimeOffset now, TimeSpan window, TimeSpan bucket, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucket, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(window, bucket);
        if (bucket.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "A whole number of seconds.");
        }

        // Buckets are aligned to the epoch, so that the chart's points stay put from one refresh to the next.
        var to = now.ToUniversalTime();
        var from = new DateTimeOffset((to - window).UtcTicks / bucket.Ticks * bucket.Ticks, TimeSpan.Zero);
        var count = (int)((to - from).Ticks / bucket.Ticks) + 1;
        var seconds = (int)bucket.TotalSeconds;

        var batch = dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(Command(StartedSql, from, to, seconds));
            batch.BatchCommands.Add(Command(FinishedSql, from, to, seconds));
            batch.BatchCommands.Add(Command(DurationSql, from, to, seconds));
            var top = Command(TopFailingSql, from, to, seconds);
            top.Parameters.Add(new NpgsqlParameter<int>("top", NpgsqlDbType.Integer) { TypedValue = TopFailingLimit });
            batch.BatchCommands.Add(top);
            batch.BatchCommands.Add(new NpgsqlBatchCommand(InFlightSql));

            var started = new long[count];
            var completed = new long[count];
            var failed = new long[count];
            var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.GetInt32(0) is var i and >= 0 && i < count)
                {
                    started[i] = reader.GetInt64(1);
                }
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var status = reader.GetString(1);
                var n = reader.GetInt64(2);
                outcomes[status] = outcomes.GetValueOrDefault(status) + n;
                if (reader.GetInt32(0) is var i and >= 0 && i < count)
                {
                    if (status == "Completed")
                    {
                        completed[i] += n;
                    }
                    else if (status is "Failed" or "TimedOut")
                    {
                        failed[i] += n;
                    }
                }
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            double? p50 = null, p95 = null;
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0))
            {
                var percentiles = reader.GetFieldValue<double[]>(0);
                (p50, p95) = (Math.Round(percentiles[0], 3), Math.Round(percentiles[1], 3));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            var failing = new List<FailingDefinition>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                failing.Add(new FailingDefinition(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            var current = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                current[reader.GetString(0)] = reader.GetInt64(1);
            }

            var buckets = Enumerable.Range(0, count)
                .Select(i => new WorkflowActivityBucket(from + (bucket * i), started[i], completed[i], failed[i]))
                .ToList();
            var finished = new WorkflowOutcomes(
                outcomes.GetValueOrDefault("Completed"), outcomes.GetValueOrDefault("Failed"), outcomes.GetValueOrDefault("TimedOut"),
                outcomes.GetValueOrDefault("Cancelled"), outcomes.GetValueOrDefault("Terminated"));
            return new WorkflowActivity(from, to, seconds, buckets, finished, p50, p95,
                current.GetValueOrDefault("Running"), current.GetValueOrDefault("Paused"), failing);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, DateTimeOffset from, DateTimeOffset to, int bucketSeconds)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("from", NpgsqlDbType.TimestampTz) { TypedValue = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime>("to", NpgsqlDbType.TimestampTz) { TypedValue = to.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<int>("bucket", NpgsqlDbType.Integer) { TypedValue = bucketSeconds });
        return command;
    }
}
