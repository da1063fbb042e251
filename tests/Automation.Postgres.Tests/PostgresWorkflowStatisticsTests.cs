using Automation.Postgres.Statistics;
using Automation.Testing;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Tests;

/// <summary>
/// The dashboard's workflow aggregates (issue 14): figures per bucket, outcomes, run-time percentiles and top failing
/// definitions over the window only; and plans that read the window through an index, not the whole history.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PostgresWorkflowStatisticsTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public async Task ReadAsync_RowsInAndOutOfTheWindow_CountsOnlyTheWindowPerBucket()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database);
        await InsertAsync(dataSource,
            ("old", "old", "Failed", "09:00:00", "09:10:00"),
            ("x", "alpha", "Completed", "10:59:50", "11:00:10"),
            ("a1", "alpha", "Completed", "11:10:00", "11:10:20"),
            ("a2", "alpha", "Completed", "11:10:05", "11:11:45"),
            ("b1", "beta", "Failed", "11:20:00", "11:20:01"),
            ("b2", "beta", "TimedOut", "11:20:10", "11:20:30"),
            ("c1", "gamma", "Failed", "11:30:00", "11:30:05"),
            ("c2", "gamma", "Cancelled", "11:31:00", "11:31:10"),
            ("r1", "alpha", "Running", "10:00:00", null),
            ("p1", "alpha", "Paused", "11:40:00", null));
        var statistics = new PostgresWorkflowStatistics(dataSource);

        var activity = await statistics.ReadAsync(Now, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));

        activity.From.Should().Be(At("11:00:00"));
        activity.To.Should().Be(Now);
        activity.BucketSeconds.Should().Be(60);
        activity.Buckets.Should().HaveCount(61);
        activity.Buckets.Where(b => b.Started > 0).Select(b => (b.At, b.Started)).Should().Equal(
            (At("11:10:00"), 2L), (At("11:20:00"), 2L), (At("11:30:00"), 1L), (At("11:31:00"), 1L), (At("11:40:00"), 1L));
        activity.Buckets.Where(b => b.Completed > 0).Select(b => b.At).Should().Equal(At("11:00:00"), At("11:10:00"), At("11:11:00"));
        activity.Buckets.Where(b => b.Failed > 0).Select(b => (b.At, b.Failed)).Should().Equal((At("11:20:00"), 2L), (At("11:30:00"), 1L));
        activity.Finished.Should().Be(new WorkflowOutcomes(3, 2, 1, 1, 0));
        activity.Finished.SuccessRate.Should().Be(0.5, "3 completed out of 6 completed, failed or timed out; the cancelled one is left out");
        activity.P50Seconds.Should().Be(20, "the completed runs took 10, 20 and 100 s");
        activity.P95Seconds.Should().Be(92, "interpolated between 20 and 100 s");
        activity.Running.Should().Be(1, "a running workflow counts whenever it started");
        activity.Paused.Should().Be(1);
        activity.TopFailing.Should().Equal(new FailingDefinition("beta", 2, 2), new FailingDefinition("gamma", 1, 2));
    }

    [Fact]
    public async Task ReadAsync_NothingInTheWindow_AnswersZeroesAndNoPercentiles()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database);
        await InsertAsync(dataSource, ("old", "old", "Completed", "01:00:00", "01:00:05"));

        var activity = await new PostgresWorkflowStatistics(dataSource).ReadAsync(Now, TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(15));

        activity.Buckets.Should().HaveCount(61).And.OnlyContain(b => b.Started == 0 && b.Completed == 0 && b.Failed == 0);
        activity.Finished.SuccessRate.Should().BeNull();
        activity.P95Seconds.Should().BeNull();
        activity.TopFailing.Should().BeEmpty();
    }

    [Theory]
    [InlineData(nameof(PostgresWorkflowStatistics.StartedSql), "ix_automation_workflows_created")]
    [InlineData(nameof(PostgresWorkflowStatistics.FinishedSql), "ix_automation_workflows_completed")]
    [InlineData(nameof(PostgresWorkflowStatistics.DurationSql), "ix_automation_workflows_completed")]
    [InlineData(nameof(PostgresWorkflowStatistics.TopFailingSql), "ix_automation_workflows_completed")]
    [InlineData(nameof(PostgresWorkflowStatistics.InFlightSql), "ix_automation_workflows_status_created")]
    public async Task Plans_OnALongHistory_ReadTheWindowThroughAnIndex(string query, string index)
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database);
        // 200,000 finished workflows over the 30 days before the window, a few hundred in it, a few running.
        await using (var fill = dataSource.CreateCommand(
            """
            INSERT INTO automation_workflows (workflow_id, definition_name, definition_version, status, created_at, updated_at, completed_at, revision)
            SELECT 'h-' || i, 'def-' || (i % 50), 1, CASE WHEN i % 10 = 0 THEN 'Failed' ELSE 'Completed' END,
                   @now - interval '30 days' + i * interval '12 seconds', @now, @now - interval '30 days' + i * interval '12 seconds' + interval '3 seconds', 1
            FROM generate_series(1, 200000) AS i;
            INSERT INTO automation_workflows (workflow_id, definition_name, definition_version, status, created_at, updated_at, completed_at, revision)
            SELECT 'w-' || i, 'def-' || (i % 50), 1, CASE WHEN i % 100 = 0 THEN 'Running' WHEN i % 10 = 0 THEN 'Failed' ELSE 'Completed' END,
                   @now - i * interval '10 seconds', @now, CASE WHEN i % 100 = 0 THEN NULL ELSE @now - i * interval '10 seconds' + interval '2 seconds' END, 1
            FROM generate_series(1, 300) AS i;
            ANALYZE automation_workflows;
            """))
        {
            fill.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = Now.AddHours(-1).UtcDateTime });
            await fill.ExecuteNonQueryAsync();
        }

        var sql = query switch
        {
            nameof(PostgresWorkflowStatistics.StartedSql) => PostgresWorkflowStatistics.StartedSql,
            nameof(PostgresWorkflowStatistics.FinishedSql) => PostgresWorkflowStatistics.FinishedSql,
            nameof(PostgresWorkflowStatistics.DurationSql) => PostgresWorkflowStatistics.DurationSql,
            nameof(PostgresWorkflowStatistics.TopFailingSql) => PostgresWorkflowStatistics.TopFailingSql,
            _ => PostgresWorkflowStatistics.InFlightSql,
        };
        await using var explain = dataSource.CreateCommand("EXPLAIN " + sql);
        explain.Parameters.Add(new NpgsqlParameter<DateTime>("from", NpgsqlDbType.TimestampTz) { TypedValue = Now.AddHours(-2).UtcDateTime });
        explain.Parameters.Add(new NpgsqlParameter<DateTime>("to", NpgsqlDbType.TimestampTz) { TypedValue = Now.UtcDateTime });
        explain.Parameters.Add(new NpgsqlParameter<int>("bucket", NpgsqlDbType.Integer) { TypedValue = 60 });
        explain.Parameters.Add(new NpgsqlParameter<int>("top", NpgsqlDbType.Integer) { TypedValue = 5 });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join('\n', plan);
        text.Should().NotContain("Seq Scan", "the window is a small part of a long history");
        text.Should().Contain(index);
    }

    private static DateTimeOffset At(string time) => new(DateOnly.FromDateTime(Now.UtcDateTime).ToDateTime(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture)), TimeSpan.Zero);

    private static async Task InsertAsync(NpgsqlDataSource dataSource, params (string Id, string Definition, string Status, string Created, string? Completed)[] rows)
    {
        foreach (var (id, definition, status, created, completed) in rows)
        {
            await using var insert = dataSource.CreateCommand(
                """
                INSERT INTO automation_workflows (workflow_id, definition_name, definition_version, status, created_at, updated_at, completed_at, revision)
                VALUES (@id, @definition, 1, @status, @created, @created, @completed, 1)
                """);
            insert.Parameters.Add(new NpgsqlParameter<string>("id", NpgsqlDbType.Text) { TypedValue = id });
            insert.Parameters.Add(new NpgsqlParameter<string>("definition", NpgsqlDbType.Text) { TypedValue = definition });
            insert.Parameters.Add(new NpgsqlParameter<string>("status", NpgsqlDbType.Text) { TypedValue = status });
            insert.Parameters.Add(new NpgsqlParameter<DateTime>("created", NpgsqlDbType.TimestampTz) { TypedValue = At(created).UtcDateTime });
            insert.Parameters.Add(new NpgsqlParameter<DateTime?>("completed", NpgsqlDbType.TimestampTz) { TypedValue = completed is null ? null : At(completed).UtcDateTime });
            await insert.ExecuteNonQueryAsync();
        }
    }
}
