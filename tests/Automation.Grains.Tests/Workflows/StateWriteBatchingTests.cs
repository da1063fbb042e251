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
    public async Task WritesQueuedBehindAnInFlightOne_LeaveInOneTransaction_AndEachGetsItsOwnOutcome()
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
            await writer.WriteAsync("workflow", id, Probe("first"), null);
        }

        await writer.WriteAsync("workflow", stale, Probe("second", etag: "1"), null);

        // The one transaction slot is held by a write waiting for a row lock; everything else queues behind it.
        await using var blocker = await BlockedWriteAsync(db, writer);
        var ids = Enumerable.Range(0, 60).Select(i => GrainId.Create(Workflow, $"wf-{i:D2}")).ToArray();
        var states = ids.Select(id => Probe(id.Key.ToString()!)).ToArray();
        var writes = new List<Task<bool>>();
        for (var i = 0; i < ids.Length; i++)
        {
            writes.Add(writer.WriteAsync("workflow", ids[i], states[i], i % 2 == 0 ? Row(ids[i].Key.ToString()!, WorkflowStatus.Running) : null));
        }

        var staleWrite = writer.WriteAsync("workflow", stale, Probe("stale", etag: "1"), null);
        var insertAgain = writer.WriteAsync("workflow", exists, Probe("again"), null);
        writes.Should().OnlyContain(w => !w.IsCompleted, "nothing is written while the slot is taken");
        await blocker.ReleaseAsync();

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

        // Rows written by one transaction carry its id (xmin).
        (await TransactionsAsync(db, "wf-__")).Should().Be(1, "the 60 writes queued behind the in-flight one left together");
        var visibilityRows = await ScalarAsync<long>(db, "SELECT count(*) FROM automation_workflows WHERE workflow_id LIKE 'wf-__'");
        visibilityRows.Should().Be(30, "each write with its row wrote it, in the state's transaction");
    }

    [Fact]
    public async Task QueuedWrites_BeyondTheBatchSize_LeaveInSeveralTransactions()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        var writer = NewWriter(cluster, concurrency: 1, maxBatchSize: 8);

        await using var blocker = await BlockedWriteAsync(db, writer);
        var writes = Enumerable.Range(0, 20)
            .Select(i => writer.WriteAsync("workflow", GrainId.Create(Workflow, $"wf-{i:D2}"), Probe($"v{i}"), null))
            .ToList();
        await blocker.ReleaseAsync();
        await Task.WhenAll(writes);

        (await TransactionsAsync(db, "wf-__")).Should().Be(3, "20 queued writes in batches of at most 8: 8 + 8 + 4");
    }

    [Fact]
    public async Task AStatementThatFails_InABatch_FailsAlone_AndTheOthersLeaveTogether()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        using var log = new LogCapture();
        using var loggers = LoggerFactory.Create(logging => log.AddTo(logging));
        var writer = NewWriter(cluster, concurrency: 1, logger: loggers.CreateLogger<PostgresWorkflowStateWriter>());
        var provider = Provider(cluster);

        await using var blocker = await BlockedWriteAsync(db, writer);
        var ids = Enumerable.Range(0, 20).Select(i => GrainId.Create(Workflow, $"wf-{i:D2}")).ToArray();
        var writes = new List<Task<bool>>();
        for (var i = 0; i < ids.Length; i++)
        {
            // Write 10 carries a row PostgreSQL refuses (no definition name: a NOT NULL column), which rolls back the
            // whole implicit transaction of the batch it is in.
            var row = Row(ids[i].Key.ToString()!, WorkflowStatus.Running);
            row = i == 10 ? row with { Definition = null! } : row;
            writes.Add(writer.WriteAsync("workflow", ids[i], Probe($"v{i}"), row));
        }

        await blocker.ReleaseAsync();
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
        log.Lines.Should().Contain(l => l.Contains("failed in a batch of 20", StringComparison.Ordinal));
        for (var i = 0; i < ids.Length; i++)
        {
            var read = new GrainState<StateWithRowTests.ProbeState>(new());
            await provider.ReadStateAsync("workflow", ids[i], read);
            read.RecordExists.Should().Be(i != 10, "only the refused write is missing ({0})", ids[i]);
        }

        (await TransactionsAsync(db, "wf-__")).Should().Be(1, "the other 19 were sent again together");
        var visibilityRows = await ScalarAsync<long>(db, "SELECT count(*) FROM automation_workflows WHERE workflow_id LIKE 'wf-__'");
        visibilityRows.Should().Be(19);
    }

    [Fact]
    public async Task ALostConnection_FailsEveryWriteOfItsBatch_AtOnce()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        var writer = NewWriter(cluster, concurrency: 1);

        // Two locked rows: the first write waits on "blocker" alone; the batch queued behind it waits on "blocker2".
        await using var blocker = await BlockedWriteAsync(db, writer, alsoLock: "blocker2");
        var queued = new List<Task<bool>> { writer.WriteAsync("workflow", GrainId.Create(Workflow, "blocker2"), Probe("blocked", etag: "1"), null) };
        queued.AddRange(Enumerable.Range(0, 10).Select(i => writer.WriteAsync("workflow", GrainId.Create(Workflow, $"wf-{i:D2}"), Probe($"v{i}"), null)));

        var first = await blocker.WaitingBackendAsync();
        await TerminateAsync(db, first);
        var second = await blocker.WaitingBackendAsync(other: first);
        await TerminateAsync(db, second); // the connection of the 11-write batch, waiting on "blocker2"

        foreach (var write in queued)
        {
            await ((Func<Task>)(() => write)).Should().ThrowAsync<NpgsqlException>("the batch's connection was lost: every write of it fails, none is retried alone");
        }

        (await ScalarAsync<long>(db, "SELECT count(*) FROM OrleansStorage WHERE GrainIdExtensionString LIKE 'wf-__'")).Should().Be(0);
    }

    /// <summary>
    /// Writes workflow "blocker" once, then locks its state row from another connection and writes it again: that
    /// write holds the writer's only transaction slot until <see cref="BlockedWrite.ReleaseAsync"/>.
    /// </summary>
    private static async Task<BlockedWrite> BlockedWriteAsync(string db, PostgresWorkflowStateWriter writer, string? alsoLock = null)
    {
        var id = GrainId.Create(Workflow, "blocker");
        await writer.WriteAsync("workflow", id, Probe("blocker"), null);
        if (alsoLock is not null)
        {
            await writer.WriteAsync("workflow", GrainId.Create(Workflow, alsoLock), Probe(alsoLock), null);
        }

        var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT count(*) FROM (SELECT 1 FROM OrleansStorage WHERE GrainIdExtensionString IN ('blocker', @also) FOR UPDATE) locked", connection, transaction))
        {
            command.Parameters.AddWithValue("also", alsoLock ?? "blocker");
            (await command.ExecuteScalarAsync()).Should().Be(alsoLock is null ? 1L : 2L);
        }

        var blocked = new BlockedWrite(db, connection, transaction, writer.WriteAsync("workflow", id, Probe("blocked", etag: "1"), null));
        await blocked.WaitingBackendAsync();
        return blocked;
    }

    private static async Task TerminateAsync(string db, int pid) =>
        (await ScalarAsync<bool>(db, $"SELECT pg_terminate_backend({pid})")).Should().BeTrue();

    private static GrainState<StateWithRowTests.ProbeState> Probe(string value, string? etag = null) =>
        new(new StateWithRowTests.ProbeState { Value = value }) { ETag = etag };

    private static Task<long> TransactionsAsync(string db, string pattern) =>
        ScalarAsync<long>(db, $"SELECT count(DISTINCT xmin::text) FROM OrleansStorage WHERE GrainIdExtensionString LIKE '{pattern}'");

    private static PostgresWorkflowStateWriter NewWriter(AutomationTestCluster cluster, int concurrency, int maxBatchSize = 64, ILogger<PostgresWorkflowStateWriter>? logger = null)
    {
        var services = cluster.Cluster.Silos[0].ServiceProvider;
        return new PostgresWorkflowStateWriter(
            services.GetRequiredService<NpgsqlDataSource>(),
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(StorageNames.Workflows),
            new StateWriteBatchingOptions { Concurrency = concurrency, MaxBatchSize = maxBatchSize },
            services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            logger ?? NullLogger<PostgresWorkflowStateWriter>.Instance);
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

    /// <summary>A write held up by another connection's row lock; releasing commits that transaction and lets it finish.</summary>
    private sealed class BlockedWrite(string db, NpgsqlConnection connection, NpgsqlTransaction transaction, Task<bool> write) : IAsyncDisposable
    {
        /// <summary>The backend of a state write waiting for this lock (other than <paramref name="other"/>).</summary>
        public async Task<int> WaitingBackendAsync(int other = 0)
        {
            var holder = connection.ProcessID;
            var deadline = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                var waiting = await ScalarAsync<long>(db, $"SELECT coalesce(min(pid), 0) FROM pg_stat_activity WHERE {holder} = ANY(pg_blocking_pids(pid)) AND pid <> {other}");
                if (waiting != 0)
                {
                    return (int)waiting;
                }

                deadline.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "a state write waits for the row lock");
                await Task.Delay(10);
            }
        }

        public async Task ReleaseAsync()
        {
            if (transaction.Connection is not null)
            {
                await transaction.CommitAsync();
            }

            await write;
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
