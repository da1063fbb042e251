using System.Diagnostics;
using System.Text.Json;
using Automation.Testing;
using Automation.Workflows;
using Npgsql;
using Xunit.Abstractions;

namespace Automation.Grains.Tests.Workflows;

/// <summary>
/// <c>foreach</c> over 10,000 items on PostgreSQL grain storage: it completes, and no workflow's state row grows with
/// the item count while the items run (the parent keeps counters; its history moves to the history store).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ForeachScaleTests(ITestOutputHelper output)
{
    /// <summary>The most any workflow's state row may hold beyond the start input while the items run: counters and a bounded history tail, not items.</summary>
    private const int MaxRunningStateBytes = 64 * 1024;

    [Fact]
    public async Task Foreach_10000ItemsOnPostgres_CompletesWithoutAnyStateGrowingWithTheItems()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db, "foreach-scale-" + Guid.NewGuid().ToString("N"));
        await cluster.RegisterAsync("many", """
        { "steps": [
            { "id": "each", "type": "foreach", "with": {
                "items": "{{ input.items }}", "maxConcurrency": 100,
                "steps": [ { "id": "inc", "type": "transform", "with": { "value": "{{ input.item | plus: 1 }}" } } ],
                "output": "{{ steps.inc.output }}" } } ] }
        """);
        var input = JsonSerializer.Serialize(new { items = Enumerable.Range(0, 10_000) });
        var stopwatch = Stopwatch.StartNew();

        var (grain, _) = await cluster.StartAsync("many", input, workflowId: "scale-" + Guid.NewGuid().ToString("N"));
        var largestWhileRunning = 0;
        WorkflowSnapshot? snapshot;
        do
        {
            largestWhileRunning = Math.Max(largestWhileRunning, await LargestWorkflowStateAsync(db));
            snapshot = await grain.WaitForCompletionAsync(TimeSpan.FromMilliseconds(500));
        }
        while (snapshot is { Status: WorkflowStatus.Running } && stopwatch.Elapsed < TimeSpan.FromMinutes(10));

        var elapsed = stopwatch.Elapsed;
        var parentRow = await LargestWorkflowStateAsync(db);
        output.WriteLine($"10,000 items: {elapsed.TotalSeconds:F1} s ({10_000 / elapsed.TotalSeconds:F0} items/s); input {input.Length} B; largest state row while running {largestWhileRunning} B; parent's row at the end {parentRow} B");

        snapshot!.Status.Should().Be(WorkflowStatus.Completed, snapshot.Error?.Message);
        var result = snapshot.Steps.Single().Output!.Value;
        result.GetProperty("completed").GetInt32().Should().Be(10_000);
        result.GetProperty("outputs").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(Enumerable.Range(1, 10_000));
        // The parent's row holds its input (the 10,000 items as given, ~49 KB) once; nothing may grow with the items on top.
        (largestWhileRunning - input.Length).Should().BeLessThan(MaxRunningStateBytes);
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM automation_workflows WHERE parent_id = @p AND status = 'Completed'", connection);
        count.Parameters.AddWithValue("p", grain.GetPrimaryKeyString());
        ((long)(await count.ExecuteScalarAsync())!).Should().Be(10_000);
    }

    private static async Task<int> LargestWorkflowStateAsync(string db)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(max(octet_length(payloadbinary)), 0) FROM orleansstorage WHERE graintypestring LIKE '%orkflow%'", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
