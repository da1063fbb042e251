using System.Text.Json;
using Automation.Agents;
using Automation.Testing;

namespace Automation.Grains.Tests.Agents;

/// <summary>An agent with several capabilities gets tasks of each, even while the first has a backlog (real PostgreSQL; integration tier).</summary>
[Trait("Category", "Integration")]
public sealed class AgentCapabilityFairnessTests
{
    private const int Partitions = 2;

    [Fact]
    public async Task AgentForTwoCapabilities_WhileTheFirstHasABacklogInEveryPartition_LeasesTheSecondsTask()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db, engine: o => o.AgentQueuePartitions = Partitions);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var a = "fair-a-" + suffix;
        var b = "fair-b-" + suffix;
        foreach (var capability in new[] { a, b })
        {
            await cluster.RegisterAsync("agent-" + capability,
                $$"""{ "steps": [ { "id": "s", "type": "agent", "with": { "capability": "{{capability}}", "input": {} } } ] }""");
        }

        // a: two tasks in each partition (more than the polls below); b: one task.
        for (var p = 0; p < Partitions; p++)
        {
            for (var i = 0; i < 2 * Partitions; i++)
            {
                await cluster.StartAsync("agent-" + a, workflowId: PartitionedWorkflowIds.In("fair-", p, Partitions));
            }
        }

        await cluster.StartAsync("agent-" + b, workflowId: PartitionedWorkflowIds.In("fair-", 0, Partitions));
        for (var queued = 0; queued < 2 * Partitions * Partitions + 1;)
        {
            var stats = await Task.WhenAll(new[] { a, b }.SelectMany(c => Enumerable.Range(0, Partitions).Select(p =>
                cluster.Client.GetGrain<ITaskQueueGrain>(AgentNames.QueueKey(c, p)).GetStatsAsync())));
            queued = stats.Sum(s => s.Queued);
            await Task.Delay(50); // a hang guard while the workflows dispatch, not a timing assertion
        }

        var agent = cluster.Client.GetGrain<IAgentGrain>(Guid.NewGuid().ToString("N"));
        await agent.RegisterAsync(new AgentRegistration("tests", "fair-agent", [a, b], 1, new Dictionary<string, string>()));
        var capabilities = new List<string>();
        for (var poll = 0; poll < 2 * Partitions; poll++)
        {
            var task = (await agent.PollAsync("tests", 1, TimeSpan.Zero)).Tasks.Should().ContainSingle().Subject;
            capabilities.Add(task.Capability);
            (await agent.ReportAsync("tests", task.TaskId, JsonDocument.Parse("{}").RootElement.Clone(), null)).Should().Be(AgentCallOutcome.Ok);
        }

        capabilities.Should().Contain(b);
    }
}
