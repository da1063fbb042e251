using System.Diagnostics.Metrics;
using Automation.Hosting;
using Automation.Postgres.Retention;
using Automation.Testing;
using Automation.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Automation.Grains.Tests.Workflows;

/// <summary>
/// The retention purge on a real cluster and PostgreSQL: everything of an old finished workflow goes (grain state,
/// reminder, offloaded history, archived steps, visibility row), nothing of a young or running one; it is idempotent, batched and runs
/// on one silo at a time. "Old" is measured from a clock the test passes in, never by sleeping.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RetentionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private HttpTarget _target = null!;

    public async Task InitializeAsync() => _target = await HttpTarget.StartAsync();

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task PurgeAsync_OldFinishedWorkflows_RemovesEverythingOfThemAndNothingOfYoungOrRunningOnes()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "retention-" + Guid.NewGuid().ToString("N");
        await using var cluster = await AutomationTestCluster.StartAsync(db, serviceId);
        await cluster.RegisterAsync("short-http", $$$"""
            { "retention": "1h", "steps": [ { "id": "call", "type": "http", "with": { "url": "{{{_target.BaseUrl}}}/echo" } } ] }
            """);
        // 120 http steps, each reported in its own commit: about 360 events, more than the 200 kept in state, so the
        // older ones move to automation_history; and more than 100 finished steps, so they move to automation_workflow_steps.
        var many = string.Join(",", Enumerable.Range(0, 120).Select(i => $$"""{ "id": "s{{i}}", "type": "http", "with": { "url": "{{_target.BaseUrl}}/echo" } }"""));
        await cluster.RegisterAsync("short-long", $$"""{ "retention": "1h", "steps": [ {{many}} ] }""");
        await cluster.RegisterAsync("short-wait", """{ "retention": "1h", "steps": [ { "id": "w", "type": "wait", "with": { "signal": "go" } } ] }""");
        await cluster.RegisterAsync("kept", """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var oldHttp = await RunAsync(cluster, "short-http");
        var oldLong = await RunAsync(cluster, "short-long");
        var young = await RunAsync(cluster, "kept");
        var (runningGrain, _) = await cluster.StartAsync("short-wait", workflowId: "running-" + Guid.NewGuid().ToString("N"));
        var running = runningGrain.GetPrimaryKeyString();
        await WaitForIndexedAsync(db, oldHttp, "Completed");
        await WaitForIndexedAsync(db, oldLong, "Completed");
        await WaitForIndexedAsync(db, young, "Completed");
        await WaitForIndexedAsync(db, running, "Running");
        // A reminder left behind by a finished workflow (its unregister lost in a crash): the purge must take it too.
        var oldHttpGrainId = cluster.Client.GetGrain<IWorkflowGrain>(oldHttp).GetGrainId().ToString();
        await ExecuteAsync(db, """
            INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
            VALUES (@service, @grain, 'workflow', now() + interval '1 day', 86400000, 0, 0)
            ON CONFLICT DO NOTHING
            """, ("service", serviceId), ("grain", oldHttpGrainId));
        var before = new Dictionary<string, Rows>();
        foreach (var id in new[] { oldHttp, oldLong, young, running })
        {
            before[id] = await CountRowsAsync(db, serviceId, cluster, id);
            output.WriteLine($"{id}: {before[id]}");
        }

        var purger = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<RetentionPurger>();
        var purgedNow = await purger.PurgeAsync(DateTimeOffset.UtcNow);
        var purgedLater = await purger.PurgeAsync(DateTimeOffset.UtcNow.AddHours(2));
        var purgedAgain = await purger.PurgeAsync(DateTimeOffset.UtcNow.AddHours(2));
        var after = new Dictionary<string, Rows>();
        foreach (var id in new[] { oldHttp, oldLong, young, running })
        {
            after[id] = await CountRowsAsync(db, serviceId, cluster, id);
        }

        before[oldHttp].Should().Match<Rows>(r => r.State == 1 && r.Visibility == 1 && r.Reminders == 1);
        before[oldLong].Should().Match<Rows>(r => r.State == 1 && r.Visibility == 1 && r.History > 0 && r.Steps > 0, "its history and finished steps were offloaded");
        before[running].Should().Match<Rows>(r => r.State == 1 && r.Visibility == 1);
        before[young].Should().Match<Rows>(r => r.State == 1 && r.Visibility == 1);
        purgedNow.Should().Be(0, "nothing is older than an hour yet");
        purgedLater.Should().Be(2);
        purgedAgain.Should().Be(0, "a second run finds nothing left to do");
        after[oldHttp].Should().Be(new Rows(0, 0, 0, 0, 0));
        after[oldLong].Should().Be(new Rows(0, 0, 0, 0, 0));
        after[young].Should().Be(before[young]);
        after[running].Should().Be(before[running]);

        // Once its activation is gone, a purged workflow is not found; the running one still completes.
        await cluster.Cluster.DeactivateAsync(cluster.Client.GetGrain<IWorkflowGrain>(oldLong));
        (await cluster.Client.GetGrain<IWorkflowGrain>(oldLong).GetAsync()).Should().BeNull();
        (await runningGrain.SignalAsync("go", EmptyPayload)).Should().NotBeNull();
        (await AutomationTestCluster.WaitAsync(runningGrain)).Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public async Task PurgeAsync_ChildrenOfARunningParent_AreKeptUntilTheParentFinishes()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "retention-children-" + Guid.NewGuid().ToString("N");
        await using var cluster = await AutomationTestCluster.StartAsync(db, serviceId);
        // The first item finishes at once; the second waits for a signal, so the parent stays Running meanwhile.
        await cluster.RegisterAsync("fan", """
            { "retention": "1h", "steps": [ { "id": "each", "type": "foreach", "with": { "items": [0, 1], "maxConcurrency": 2, "steps": [
                { "id": "hold", "type": "wait", "when": "{{ input.item == 1 }}", "with": { "signal": "go" } },
                { "id": "done", "type": "transform", "dependsOn": ["hold"], "with": { "value": "{{ input.item }}" } } ] } } ] }
            """);
        var (parent, _) = await cluster.StartAsync("fan", workflowId: "fan-" + Guid.NewGuid().ToString("N"));
        var parentId = parent.GetPrimaryKeyString();
        var finishedChild = $"{parentId}:each:0";
        await WaitForIndexedAsync(db, finishedChild, "Completed");
        var purger = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<RetentionPurger>();

        var purgedWhileRunning = await purger.PurgeAsync(DateTimeOffset.UtcNow.AddHours(2));
        var childWhileRunning = await CountRowsAsync(db, serviceId, cluster, finishedChild);
        (await cluster.Client.GetGrain<IWorkflowGrain>($"{parentId}:each:1").SignalAsync("go", EmptyPayload)).Should().NotBeNull();
        var done = await AutomationTestCluster.WaitAsync(parent);

        purgedWhileRunning.Should().Be(0, "the finished child's parent still needs its result");
        childWhileRunning.State.Should().Be(1);
        done.Status.Should().Be(WorkflowStatus.Completed, done.Error?.Message);
        done.Steps.Single().Output!.Value.GetProperty("completed").GetInt32().Should().Be(2, "the kept child's result was still there to collect");
    }

    [Fact]
    public async Task PurgeAsync_MoreThanABatch_PurgesInBatchesAndOnlyOneSiloAtATime()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db, configureSilo: silo =>
            silo.Services.Configure<RetentionOptions>(o => o.BatchSize = 3));
        await cluster.RegisterAsync("batchy", """{ "retention": "1h", "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await RunAsync(cluster, "batchy"));
        }

        foreach (var id in ids)
        {
            await WaitForIndexedAsync(db, id, "Completed");
        }

        var purger = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<RetentionPurger>();
        var batches = new List<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "automation.retention.purged_workflows")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            lock (batches)
            {
                batches.Add(value);
            }
        });
        listener.Start();

        int? whileLocked;
        await using (var other = new NpgsqlConnection(db))
        {
            // Another silo running the job holds this lock.
            await other.OpenAsync();
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(1096111186, 1)", other))
            {
                await take.ExecuteScalarAsync();
            }

            whileLocked = await purger.PurgeAsync(DateTimeOffset.UtcNow.AddHours(2));
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(1096111186, 1)", other); // pooled: closing keeps the session
            await release.ExecuteScalarAsync();
        }

        var purged = await purger.PurgeAsync(DateTimeOffset.UtcNow.AddHours(2));
        var left = await ScalarAsync(db, "SELECT count(*) FROM automation_workflows WHERE definition_name = 'batchy'");

        whileLocked.Should().BeNull("another session holds the job's lock");
        purged.Should().Be(7);
        batches.Should().Equal(3, 3, 1);
        left.Should().Be(0);
    }

    [Fact]
    public async Task PurgeAsync_WorkflowIdsOfHexDigitsOnly_PurgeTheirStateRowsToo()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "retention-hex-" + Guid.NewGuid().ToString("N");
        await using var cluster = await AutomationTestCluster.StartAsync(db, serviceId);
        await cluster.RegisterAsync("short-hex", """{ "retention": "1h", "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        // The grain storage reads an id of 32 hex digits as a GUID key and one of up to 16 hex digits as an integer key:
        // their rows have no extension string to match.
        var suffix = Random.Shared.Next(0x1000, 0xFFFF).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        string[] ids = [Guid.NewGuid().ToString("N"), "10045" + suffix, "plain-" + suffix];
        var grains = new List<IWorkflowGrain>();
        foreach (var id in ids)
        {
            var (grain, start) = await cluster.StartAsync("short-hex", workflowId: id);
            start.Outcome.Should().Be(StartWorkflowOutcome.Started);
            (await AutomationTestCluster.WaitAsync(grain)).Status.Should().Be(WorkflowStatus.Completed);
            grains.Add(grain);
        }

        const string States = "SELECT count(*) FROM OrleansStorage WHERE ServiceId = @s AND GrainTypeString = 'workflow'";
        var numeric = await ScalarAsync(db, States + " AND (GrainIdN0 <> 0 OR GrainIdN1 <> 0)", ("s", serviceId));
        var before = await ScalarAsync(db, States, ("s", serviceId));

        var purged = await cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<RetentionPurger>().PurgeAsync(DateTimeOffset.UtcNow.AddHours(2));
        foreach (var grain in grains)
        {
            await cluster.Cluster.DeactivateAsync(grain);
        }

        var after = await ScalarAsync(db, States, ("s", serviceId));
        var again = await cluster.StartAsync("short-hex", workflowId: ids[0]);

        numeric.Should().Be(2, "the GUID and the integer key");
        before.Should().Be(ids.Length);
        purged.Should().Be(ids.Length);
        after.Should().Be(0, "the state row goes with the workflow, whatever key the storage gave it");
        again.Result.Outcome.Should().Be(StartWorkflowOutcome.Started, "a purged workflow does not come back: its id starts a new one");
    }

    private static readonly System.Text.Json.JsonElement EmptyPayload = System.Text.Json.JsonDocument.Parse("{}").RootElement.Clone();

    private static async Task<string> RunAsync(AutomationTestCluster cluster, string definition)
    {
        var (grain, start) = await cluster.StartAsync(definition, workflowId: definition + "-" + Guid.NewGuid().ToString("N"));
        start.Outcome.Should().Be(StartWorkflowOutcome.Started);
        (await AutomationTestCluster.WaitAsync(grain)).Status.Should().Be(WorkflowStatus.Completed);
        return grain.GetPrimaryKeyString();
    }

    /// <summary>Rows of one workflow in each table the purge touches.</summary>
    private sealed record Rows(long State, long Reminders, long History, long Visibility, long Steps);

    [Fact]
    public async Task PurgeAsync_ResolvedAlertsOlderThanTheirRetention_AreDeletedWithTheirDeliveries()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db, configureSilo: silo =>
            silo.Services.Configure<RetentionOptions>(o => o.ResolvedAlerts = TimeSpan.FromDays(30)));
        await using var source = NpgsqlDataSource.Create(db);
        var alerts = new Automation.Postgres.Alerts.PostgresAlertStore(source);
        var now = DateTimeOffset.UtcNow;
        Automation.Alerts.Alert New(string name, DateTimeOffset raisedAt) =>
            new(Guid.NewGuid().ToString("N"), "service", name, "unhealthy", Automation.Alerts.AlertSeverity.Critical, Automation.Alerts.AlertStatus.Open, "t", "d", raisedAt);
        var old = (await alerts.OpenAsync(New("old", now.AddDays(-40)))).Alert!;
        await alerts.ResolveAsync(old.Id, "alice", now.AddDays(-31), null);
        await alerts.EnqueueDeliveriesAsync(old.Id, "resolved", ["ops"], null, now.AddDays(-31));
        var young = (await alerts.OpenAsync(New("young", now.AddDays(-40)))).Alert!;
        await alerts.ResolveAsync(young.Id, "alice", now.AddDays(-29), null);
        var open = (await alerts.OpenAsync(New("open", now.AddDays(-400)))).Alert!;
        var purger = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<RetentionPurger>();

        await purger.PurgeAsync(now);

        (await alerts.GetAsync(old.Id)).Should().BeNull();
        (await alerts.GetAsync(young.Id)).Should().NotBeNull("it was resolved 29 days ago, within the 30 days kept");
        (await alerts.GetAsync(open.Id)).Should().NotBeNull("an unresolved alert is never purged, however old");
        await using var count = source.CreateCommand("SELECT count(*) FROM automation_alert_deliveries WHERE alert_id = @id");
        count.Parameters.AddWithValue("id", old.Id);
        ((long)(await count.ExecuteScalarAsync())!).Should().Be(0, "its deliveries go with it");
    }

    private static async Task<Rows> CountRowsAsync(string db, string serviceId, AutomationTestCluster cluster, string id)
    {
        var grainId = cluster.Client.GetGrain<IWorkflowGrain>(id).GetGrainId().ToString();
        return new Rows(
            await ScalarAsync(db, "SELECT count(*) FROM OrleansStorage WHERE ServiceId = @s AND GrainIdExtensionString IN (@id, @grain)", ("s", serviceId), ("id", id), ("grain", grainId)),
            await ScalarAsync(db, "SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = @s AND GrainId = @grain", ("s", serviceId), ("grain", grainId)),
            await ScalarAsync(db, "SELECT count(*) FROM automation_history WHERE workflow_id = @id", ("id", id)),
            await ScalarAsync(db, "SELECT count(*) FROM automation_workflows WHERE workflow_id = @id", ("id", id)),
            await ScalarAsync(db, "SELECT count(*) FROM automation_workflow_steps WHERE workflow_id = @id", ("id", id)));
    }

    private static async Task WaitForIndexedAsync(string db, string id, string status)
    {
        for (var i = 0; i < 600; i++) // hang guard: 60 s
        {
            if (await ScalarAsync(db, "SELECT count(*) FROM automation_workflows WHERE workflow_id = @id AND status = @status", ("id", id), ("status", status)) == 1)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{id} never indexed as {status}.");
    }

    private static async Task<long> ScalarAsync(string db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
