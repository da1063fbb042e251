using Automation.Persistence;
using Automation.Testing;
using Automation.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Automation.Grains.Tests.Workflows;

/// <summary>
/// A workflow's state and its visibility row in one transaction (ADR 0030). The writer writes the grain-state row the
/// ADO.NET provider reads, clears and updates — same key, hashes and payload — for every kind of grain key; the row is
/// written only when the state write wins, and a workflow that changes status leaves no state without its row.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StateWithRowTests
{
    [Fact]
    public async Task WriterAndProvider_AddressTheSameStateRow_ForEveryKindOfKey()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        var services = cluster.Cluster.Silos[0].ServiceProvider;
        var writer = services.GetRequiredService<IWorkflowStateWriter>();
        var provider = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Workflows);
        var type = GrainType.Create("workflow");
        GrainId[] ids =
        [
            GrainId.Create(type, Guid.CreateVersion7().ToString()), // what the API generates
            GrainId.Create(type, "0190f3a2b4c57d8e9f00112233445566"), // 32 hex digits: the provider reads a GUID key
            GrainId.Create(type, "0190f3a2b4c57d8e9f00112233445566+tail"), // ... with an extension
            GrainId.Create(type, "orders/2026-11-30/naïve"), // non-ASCII: hashed over its UTF-8
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(42, "ext")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())),
        ];

        foreach (var id in ids)
        {
            var workflowId = id.Key.ToString()!;
            var first = new GrainState<ProbeState>(new ProbeState { Value = "one" });
            (await writer.WriteAsync("workflow", id, first, Row(workflowId, WorkflowStatus.Running, 1))).Should().BeTrue();
            first.ETag.Should().Be("1");

            var read = new GrainState<ProbeState>(new ProbeState());
            await provider.ReadStateAsync("workflow", id, read);
            read.State!.Value.Should().Be("one", "the provider reads what the writer wrote ({0})", id);
            read.ETag.Should().Be("1");

            read.State!.Value = "two";
            await provider.WriteStateAsync("workflow", id, read); // an UPDATE keyed as the provider keys it
            read.ETag.Should().Be("2", "the provider updates the writer's row ({0})", id);

            var third = new GrainState<ProbeState>(new ProbeState { Value = "three" }) { ETag = "2" };
            (await writer.WriteAsync("workflow", id, third, Row(workflowId, WorkflowStatus.Completed, 3))).Should().BeTrue();
            third.ETag.Should().Be("3");

            // Losing writes change nothing: a stale version, and a first write of a state that exists.
            var stale = new GrainState<ProbeState>(new ProbeState { Value = "stale" }) { ETag = "2" };
            var staleWrite = () => writer.WriteAsync("workflow", id, stale, Row(workflowId, WorkflowStatus.Failed, 9));
            await staleWrite.Should().ThrowAsync<InconsistentStateException>();
            var insert = new GrainState<ProbeState>(new ProbeState { Value = "again" });
            var insertWrite = () => writer.WriteAsync("workflow", id, insert, Row(workflowId, WorkflowStatus.Running, 10));
            await insertWrite.Should().ThrowAsync<InconsistentStateException>();

            var after = new GrainState<ProbeState>(new ProbeState());
            await provider.ReadStateAsync("workflow", id, after);
            (after.State!.Value, after.ETag).Should().Be(("three", "3"));
            (await RowAsync(db, workflowId)).Should().Be(("Completed", 3L), "only winning writes write the row ({0})", id);
        }

        var stored = await ScalarAsync<long>(db, "SELECT count(*) FROM OrleansStorage WHERE GrainTypeString = 'workflow'");
        stored.Should().Be(ids.Length, "one state row per grain: the writer and the provider never split a grain in two");
    }

    [Fact]
    public async Task RowOfAHigherRevision_IsKept_WhileTheStateIsWritten()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        var services = cluster.Cluster.Silos[0].ServiceProvider;
        var writer = services.GetRequiredService<IWorkflowStateWriter>();
        var index = services.GetRequiredService<IWorkflowIndex>();
        var id = GrainId.Create(GrainType.Create("workflow"), "wf-revisions");
        await index.UpsertAsync(Row("wf-revisions", WorkflowStatus.Completed, 50));

        var state = new GrainState<ProbeState>(new ProbeState { Value = "v" });
        var rowWritten = await writer.WriteAsync("workflow", id, state, Row("wf-revisions", WorkflowStatus.Running, 2));

        rowWritten.Should().BeFalse();
        state.ETag.Should().Be("1", "the state is written whatever the row");
        (await RowAsync(db, "wf-revisions")).Should().Be(("Completed", 50L));
    }

    [Fact]
    public async Task RunningWorkflow_HasItsRowAsSoonAsTheStartAnswers_AndItsFinalRowWhenAWaiterWakes()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        await cluster.RegisterAsync("naps", """{ "steps": [ { "id": "nap", "type": "delay", "with": { "duration": "1s" } } ] }""");

        var (grain, started) = await cluster.StartAsync("naps");
        var runningRow = await RowAsync(db, started.Snapshot!.WorkflowId);
        var done = await AutomationTestCluster.WaitAsync(grain);
        var finalRow = await RowAsync(db, done.WorkflowId);

        runningRow.Status.Should().Be("Running");
        done.Status.Should().Be(WorkflowStatus.Completed);
        finalRow.Status.Should().Be("Completed", "the final row is written with the final state, before waiters are answered");
    }

    private static WorkflowIndexEntry Row(string workflowId, WorkflowStatus status, long revision)
    {
        var at = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        return new WorkflowIndexEntry(workflowId, "probe", 1, status, at, at, status.IsTerminal() ? at : null, revision, "tester", ["a", "b"]);
    }

    private static async Task<(string Status, long Revision)> RowAsync(string connectionString, string workflowId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, revision FROM automation_workflows WHERE workflow_id = @id", connection);
        command.Parameters.AddWithValue("id", workflowId);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue("the workflow {0} has a visibility row", workflowId);
        return (reader.GetString(0), reader.GetInt64(1));
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A state of the test's own: the writer is generic over the state, as grain storage is.</summary>
    public sealed class ProbeState
    {
        /// <summary>A marker value.</summary>
        public string Value { get; set; } = "";
    }
}
