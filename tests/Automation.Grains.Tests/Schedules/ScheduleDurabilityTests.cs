using System.Globalization;
using System.Text.Json;
using Automation.Events;
using Automation.Schedules;
using Automation.Testing;
using Automation.Workflows;
using Npgsql;

namespace Automation.Grains.Tests.Schedules;

/// <summary>
/// A schedule keeps firing when the whole cluster stops and a new one starts on the same database, with no API call:
/// its reminder wakes it. Fire ids come from the fire time, so no fire starts twice; missed fires follow catchUp
/// (integration tier, real PostgreSQL).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ScheduleDurabilityTests
{
    private const string Transform = """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""";

    // The outage is the subject of these tests: it must outlast the grace (1 s) so that its fires count as missed.
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task EveryTwoSeconds_CatchUpAll_WhenClusterRestarts_StartsEveryFireOnce()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "durable-schedule-" + Guid.NewGuid().ToString("N");
        var id = "every2-" + Guid.NewGuid().ToString("N")[..8];
        DateTimeOffset stoppedAt;
        await using (var first = await StartAsync(db, serviceId))
        {
            await first.RegisterAsync("tick", Transform);
            var put = await first.Client.GetGrain<IScheduleGrain>(id).PutAsync(Spec("*/2 * * * * *", ScheduleCatchUp.All, TimeSpan.FromMinutes(10)), "tests");
            put.Errors.Should().BeNull();
            await WaitForRowsAsync(db, id, rows => rows.Count >= 2);
            stoppedAt = DateTimeOffset.UtcNow;
        }

        await Task.Delay(Outage);
        await using var second = await StartAsync(db, serviceId);
        var restartedAt = DateTimeOffset.UtcNow;
        // Only the visibility table is watched: nothing calls the schedule, its reminder must wake it.
        var rows = await WaitForRowsAsync(db, id, rows => rows.Any(r => FireTime(id, r) > restartedAt.AddSeconds(4)));

        var fires = rows.Select(r => FireTime(id, r)).Order().ToList();
        fires.Should().OnlyHaveUniqueItems();
        fires.Zip(fires.Skip(1)).Should().OnlyContain(p => p.Second - p.First == TimeSpan.FromSeconds(2), "catch-up all starts every missed fire: no gaps");
        fires.Should().Contain(f => f > stoppedAt.AddSeconds(1) && f < restartedAt, "fires during the outage were caught up");
        foreach (var workflowId in rows.Take(5))
        {
            var history = await second.Client.GetGrain<IWorkflowGrain>(workflowId).GetHistoryAsync();
            history!.OfType<WorkflowStarted>().Should().ContainSingle();
        }

        var snapshot = await second.Client.GetGrain<IScheduleGrain>(id).GetAsync();
        snapshot!.Skipped.Should().Be(0);
        await second.Client.GetGrain<IScheduleGrain>(id).DeleteAsync();
    }

    [Fact]
    public async Task EverySecond_CatchUpSkip_WhenClusterRestarts_SkipsTheOutageAndKeepsFiring()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "durable-schedule-" + Guid.NewGuid().ToString("N");
        var id = "every1-" + Guid.NewGuid().ToString("N")[..8];
        DateTimeOffset stoppedAt;
        await using (var first = await StartAsync(db, serviceId))
        {
            await first.RegisterAsync("tick", Transform);
            await first.Client.GetGrain<IScheduleGrain>(id).PutAsync(Spec("* * * * * *", ScheduleCatchUp.Skip, null), "tests");
            await WaitForRowsAsync(db, id, rows => rows.Count >= 2);
            stoppedAt = DateTimeOffset.UtcNow;
        }

        await Task.Delay(Outage);
        await using var second = await StartAsync(db, serviceId);
        var restartedAt = DateTimeOffset.UtcNow;
        var rows = await WaitForRowsAsync(db, id, rows => rows.Any(r => FireTime(id, r) > restartedAt.AddSeconds(3)));
        // GetAsync interleaves with a tick: a tick starts its on-time fire (the row above) before it counts the fires
        // it skipped, so on a slow machine the first read can fall in between. Read until the count shows (bounded).
        var snapshot = await second.Client.GetGrain<IScheduleGrain>(id).GetAsync();
        for (var i = 0; i < 50 && snapshot!.Skipped == 0; i++)
        {
            await Task.Delay(200);
            snapshot = await second.Client.GetGrain<IScheduleGrain>(id).GetAsync();
        }

        var fires = rows.Select(r => FireTime(id, r)).ToList();
        fires.Should().OnlyHaveUniqueItems();
        fires.Should().NotContain(f => f > stoppedAt.AddSeconds(1) && f < restartedAt.AddSeconds(-2), "catch-up skip starts no missed fire");
        snapshot!.Skipped.Should().BeGreaterThan(0);
        await second.Client.GetGrain<IScheduleGrain>(id).DeleteAsync();
    }

    private static Task<AutomationTestCluster> StartAsync(string db, string serviceId) =>
        AutomationTestCluster.StartAsync(db, serviceId, engine: o => o.ScheduleGrace = TimeSpan.FromSeconds(1));

    internal static ScheduleSpec Spec(string cron, ScheduleCatchUp catchUp, TimeSpan? window, ScheduleOverlap overlap = ScheduleOverlap.Allow, string definition = "tick") =>
        new(cron, "UTC", definition, null, JsonDocument.Parse("{}").RootElement.Clone()) { CatchUp = catchUp, CatchUpWindow = window, Overlap = overlap };

    private static DateTimeOffset FireTime(string scheduleId, string workflowId) =>
        DateTimeOffset.ParseExact(workflowId[(scheduleId.Length + 1)..], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>Polls the visibility table for the schedule's workflows (tagged <c>schedule:{id}</c>) until <paramref name="done"/> holds.</summary>
    private static async Task<List<string>> WaitForRowsAsync(string db, string scheduleId, Func<List<string>, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120); // hang guard only
        while (true)
        {
            await using var connection = new NpgsqlConnection(db);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT workflow_id FROM automation_workflows WHERE workflow_id LIKE @p", connection);
            command.Parameters.AddWithValue("p", scheduleId + ":%");
            var rows = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add(reader.GetString(0));
                }
            }

            if (done(rows))
            {
                return rows;
            }

            DateTimeOffset.UtcNow.Should().BeBefore(deadline, $"rows so far: {string.Join(", ", rows.Order())}");
            await Task.Delay(250);
        }
    }
}
