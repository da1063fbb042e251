using Automation.Operations;
using Automation.Testing;
using Automation.Workflows;
using Npgsql;

namespace Automation.Grains.Tests.Operations;

/// <summary>
/// A batch operation is durable: its state round-trips through PostgreSQL grain storage, and one cut off by a cluster
/// stop right after its start is finished by the next cluster (its reminder, or its activation).
/// </summary>
[Trait("Category", "Integration")]
public sealed class BatchOperationDurabilityTests
{
    private const string WaitForGo = """{ "steps": [ { "id": "w", "type": "wait", "with": { "signal": "go" } } ] }""";

    [Fact]
    public async Task Batch_WhenClusterStopsRightAfterStart_NextClusterFinishesItAndReloadsItsState()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "durable-batch-" + Guid.NewGuid().ToString("N");
        var prefix = "bd-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var operationId = Guid.CreateVersion7().ToString();
        var ids = Enumerable.Range(0, 12).Select(i => prefix + i).ToList();
        await using (var first = await AutomationTestCluster.StartAsync(db, serviceId))
        {
            await first.RegisterAsync("waits", WaitForGo);
            foreach (var id in ids)
            {
                await first.StartAsync("waits", workflowId: id);
            }

            var started = await first.Client.GetGrain<IBatchOperationGrain>(operationId).StartAsync(
                new StartBatchOperationCommand(BatchAction.Cancel, new BatchFilter(null, null, null, null, null, [], prefix, null), "sweep", "tester"));
            started.Status.Should().Be(BatchOperationStatus.Running);
        }

        await using var second = await AutomationTestCluster.StartAsync(db, serviceId);
        var statuses = await WaitForIndexedStatusesAsync(db, prefix, ids.Count);
        var done = await WaitForOperationAsync(second.Client.GetGrain<IBatchOperationGrain>(operationId));

        statuses.Should().HaveCount(ids.Count).And.OnlyContain(s => s == "Cancelled", $"the operation ended as {done} with errors [{string.Join("; ", done.Errors)}]");
        done.Errors.Should().BeEmpty();
        done.Status.Should().Be(BatchOperationStatus.Completed);
        done.Action.Should().Be(BatchAction.Cancel);
        done.Filter.IdPrefix.Should().Be(prefix);
        done.Filter.Tags.Should().BeEmpty();
        done.Reason.Should().Be("sweep");
        done.CreatedBy.Should().Be("tester");
        done.Matched.Should().Be(ids.Count);
        (done.Succeeded + done.Skipped).Should().Be(ids.Count, "a page walked again after the stop finds its workflows cancelled: skipped");
        done.Failed.Should().Be(0);
        done.CompletedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task StartAsync_EmptyFilter_IsRefusedAndCreatesNothing()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        var grain = cluster.Client.GetGrain<IBatchOperationGrain>(Guid.CreateVersion7().ToString());

        var start = () => grain.StartAsync(new StartBatchOperationCommand(BatchAction.Terminate, new BatchFilter(null, null, null, null, null, [], null, null), null, "tester"));

        await start.Should().ThrowAsync<ArgumentException>();
        (await grain.GetAsync()).Should().BeNull();
    }

    /// <summary>Watches the visibility table from outside (no call to the operation grain) until every workflow has a final status.</summary>
    private static async Task<List<string>> WaitForIndexedStatusesAsync(string connectionString, string prefix, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var statuses = new List<string>();
        for (var i = 0; i < 1200; i++) // hang guard: two minutes
        {
            statuses.Clear();
            await using var command = new NpgsqlCommand("SELECT status FROM automation_workflows WHERE workflow_id LIKE @prefix", connection);
            command.Parameters.AddWithValue("prefix", prefix + "%");
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    statuses.Add(reader.GetString(0));
                }
            }

            if (statuses.Count == count && statuses.All(s => s != nameof(WorkflowStatus.Running)))
            {
                break;
            }

            await Task.Delay(100);
        }

        return statuses;
    }

    private static async Task<BatchOperationSnapshot> WaitForOperationAsync(IBatchOperationGrain grain)
    {
        for (var i = 0; i < 1200; i++) // hang guard: two minutes
        {
            var snapshot = await grain.GetAsync();
            if (snapshot is { Status: not BatchOperationStatus.Running })
            {
                return snapshot;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The batch operation never finished.");
    }
}
