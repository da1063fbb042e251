using System.Text.Json;
using Automation.Testing;
using Automation.Workflows;

namespace Automation.Grains.Tests.Workflows;

/// <summary>
/// A finished workflow leaves memory <c>FinishedLinger</c> after it finished, not after Orleans' idle collection age
/// (15 minutes), and a read after that loads it again from PostgreSQL (integration tier).
/// </summary>
[Trait("Category", "Integration")]
public sealed class FinishedRetirementTests
{
    private static readonly JsonElement Input = JsonDocument.Parse("""{ "n": 7 }""").RootElement.Clone();

    [Fact]
    public async Task FinishedWorkflow_LeavesMemoryAfterTheLinger_AndAReadLoadsItAgain()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db, engine: o => o.FinishedLinger = TimeSpan.FromMilliseconds(200));
        await cluster.RegisterAsync("lingers", """
        { "steps": [
            { "id": "a", "type": "transform", "with": { "value": "{{ input.n }}" } },
            { "id": "nap", "type": "delay", "dependsOn": ["a"], "with": { "duration": "1s" } } ] }
        """);
        var id = Guid.CreateVersion7().ToString();
        var grain = cluster.Client.GetGrain<IWorkflowGrain>(id);
        var started = await grain.StartAsync(new StartWorkflowCommand("lingers", null, Input));
        var running = await cluster.IsActiveAsync(id);

        var done = await AutomationTestCluster.WaitAsync(grain);
        var leftAfterFinishing = await GoneAsync(cluster, id);
        var reread = await grain.GetAsync();
        var activeAfterRead = await cluster.IsActiveAsync(id);
        var leftAfterRead = await GoneAsync(cluster, id);

        started.Outcome.Should().Be(StartWorkflowOutcome.Started);
        running.Should().BeTrue("a running workflow is not retired: only a finished one is");
        done.Status.Should().Be(WorkflowStatus.Completed);
        leftAfterFinishing.Should().BeTrue("the finished workflow's activation is dropped once its linger ends");
        reread!.Status.Should().Be(WorkflowStatus.Completed, "a read after that loads it from storage");
        reread.Steps.Single(s => s.Id == "a").Output!.Value.GetInt32().Should().Be(7);
        activeAfterRead.Should().BeTrue("the read activated it again");
        leftAfterRead.Should().BeTrue("loaded finished, it leaves again after its linger");
    }

    /// <summary>Whether the workflow's activation went away; polls (a hang guard of 30 s, not a performance assertion).</summary>
    private static async Task<bool> GoneAsync(AutomationTestCluster cluster, string workflowId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (!await cluster.IsActiveAsync(workflowId))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
