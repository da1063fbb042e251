using System.Globalization;
using Automation.Persistence;
using Automation.Postgres;
using Automation.Testing;
using Automation.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace Automation.Grains.Tests.Workflows;

/// <summary>
/// Group commit of workflow state writes (ADR 0031): writes queued while the writer's transactions are all in flight
/// leave together, in one transaction; each keeps its own outcome, and a write that fails fails alone.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StateWriteBatchingTests
{
    private static readonly GrainType Workflow = GrainType.Create("workflow");

    [Fact]
    public async Task WritesQueuedBehindAnInFlightOne_ShareATransaction_AndEachGetsItsOwnOutcome()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        var writer = NewWriter(cluster, concurrency: 1);
        var provider = Provider(cluster);

        // Existing workflows, to lose against: one written at version 1 and then 2, one at version 1.
        var stale = GrainId.Create(Workflow, "wf-stale");
        var exists = GrainId.Create(Workflow, "wf-exists");
        foreach (var id in new[] { stale, exists })
        {
            await writer.WriteAsync("workflow", id, new GrainState<StateWithRowTests.ProbeState>(new() { Value = "first" }), null);
        }

        await writer.WriteAsync("workflow", stale, new GrainState<StateWithRowTests.ProbeState>(new() { Value = "second" }) { ETag = "1" }, null);

        // One write in flight (concurrency 1), then 60 queued behind it: new workflows, half with their row, plus a
        // stale version and a first write of a state that exists.
        var ids = Enumerable.Range(0, 60).Select(i => GrainId.Create(Workflow, $"wf-{i:D2}")).ToArray();
        var states = ids.Select(id => new GrainState<StateWithRowTests.ProbeState>(new() { Value = id.Key.ToString()! })).ToArray();
        var writes = new List<Task<bool>>();
        for (var i = 0; i < ids.Length; i++)
        {
            writes.Add(writer.WriteAsync("workflow", ids[i], states[i], i % 2 == 0 ? Row(ids[i].Key.ToString()!, WorkflowStatus.Running) : null));
        }

        var staleWrite = writer.WriteAsync("workflow", stale, new GrainState<StateWithRowTests.ProbeState>(new() { Value = "stale" }) { ETag = "1" }, null);
        var insertAgain = writer.WriteAsync("workflow", exists, new GrainState<StateWithRowTests.ProbeState>(new() { Value = "again" }), null);

        var rowsWritten = await Task.WhenAll(writes);
        await ((Func<Task>)(() => staleWrite)).Should().ThrowAsync<InconsistentStateException>();
        await ((Func<Task>)(() => insertAgain)).Should().ThrowAsync<InconsistentStateException>();

        rowsWritten.Should().Equal(ids.Select((_, i) => i % 2 == 0), "a write with its row answers that the row was written, one without answers false");
        states.Should().OnlyContain(s => s.ETag == "1" && s.RecordExists);
        for (var i = 0; i < ids.Length; i++)
        {
            var read = new GrainState<StateWithRowTests.ProbeState>(new());
            await provider.ReadStateAsync("workflow", ids[i], read);
            (read.State!.Value, read.ETag).Should().Be((ids[i].Key.ToString(), "1"), "the provider reads each write ({0})", ids[i]);
        }

        var staleRead = new GrainState<StateWithRowTests.ProbeState>(new());
        await provider.ReadStateAsync("workflow", stale, staleRead);
        (staleRead.State!.Value, staleRead.ETag).Should().Be(("second", "2"), "the losing write changed nothing");
        var existsRead = new GrainState<StateWithRowTests.ProbeState>(new());
        await provider.ReadStateAsync("workflow", exists, existsRead);
        existsRead.State!.Value.Should().Be("first");

        // Rows written by one transaction carry its id (xmin): 60 writes behind one in flight took far fewer.
        var transactions = await ScalarAsync<long>(db,
            "SELECT count(DISTINCT xmin::text) FROM OrleansStorage WHERE GrainIdExtensionString LIKE 'wf-__'");
        transactions.Should().BeInRange(1, 10, "writes queued behind an in-flight transaction leave together");
        var visibilityRows = await ScalarAsync<long>(db, "SELECT count(*) FROM automation_workflows WHERE workflow_id LIKE 'wf-__'");
        visibilityRows.Should().Be(30, "each write with its row wrote it, in the state's transaction");
    }

    [Fact]
    public async Task AStatementThatFails_InABatch_FailsAlone_AndTheOthersAreWritten()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        using var log = new LogCapture();
        var writer = NewWriter(cluster, concurrency: 1, log.CreateLogger(typeof(PostgresWorkflowStateWriter).FullName!));
        var provider = Provider(cluster);

        var ids = Enumerable.Range(0, 20).Select(i => GrainId.Create(Workflow, $"wf-{i:D2}")).ToArray();
        var writes = new List<Task<bool>>();
        for (var i = 0; i < ids.Length; i++)
        {
            // Write 10 carries a row PostgreSQL refuses (no definition name: a NOT NULL column), which rolls back the
            // whole implicit transaction of the batch it is in.
            var row = Row(ids[i].Key.ToString()!, WorkflowStatus.Running);
            row = i == 10 ? row with { Definition = null! } : row;
            writes.Add(writer.WriteAsync("workflow", ids[i], new GrainState<StateWithRowTests.ProbeState>(new() { Value = $"v{i}" }), row));
        }

        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return await w ? "written" : "row kept";
            }
            catch (PostgresException ex)
            {
                return ex.SqlState;
            }
        }));

        outcomes.Should().Equal(Enumerable.Range(0, 20).Select(i => i == 10 ? PostgresErrorCodes.NotNullViolation : "written"));
        log.Lines.Should().Contain(l => l.Contains("failed as a whole", StringComparison.Ordinal),
            "the refused write shared a batch with others, which were then written one at a time");
        for (var i = 0; i < ids.Length; i++)
        {
            var read = new GrainState<StateWithRowTests.ProbeState>(new());
            await provider.ReadStateAsync("workflow", ids[i], read);
            read.RecordExists.Should().Be(i != 10, "only the refused write is missing ({0})", ids[i]);
        }

        var visibilityRows = await ScalarAsync<long>(db, "SELECT count(*) FROM automation_workflows WHERE workflow_id LIKE 'wf-__'");
        visibilityRows.Should().Be(19);
    }

    private static PostgresWorkflowStateWriter NewWriter(AutomationTestCluster cluster, int concurrency, ILogger? logger = null)
    {
        var services = cluster.Cluster.Silos[0].ServiceProvider;
        return new PostgresWorkflowStateWriter(
            services.GetRequiredService<NpgsqlDataSource>(),
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(StorageNames.Workflows),
            new StateWriteBatchingOptions { Concurrency = concurrency },
            services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            logger is null ? NullLogger<PostgresWorkflowStateWriter>.Instance : new TypedLogger(logger));
    }

    private sealed class TypedLogger(ILogger inner) : ILogger<PostgresWorkflowStateWriter>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }

    private static IGrainStorage Provider(AutomationTestCluster cluster) =>
        cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Workflows);

    private static WorkflowIndexEntry Row(string workflowId, WorkflowStatus status)
    {
        var at = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        return new WorkflowIndexEntry(workflowId, "probe", 1, status, at, at, null, 1, "tester", []);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }
}
