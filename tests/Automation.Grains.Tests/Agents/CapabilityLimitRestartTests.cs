using System.Text.Json;
using Automation.Agents;
using Automation.Testing;
using Orleans.Core.Internal;

namespace Automation.Grains.Tests.Agents;

/// <summary>
/// A capability's concurrency limit holds across a new activation of its capability grain (idle collection or a lost
/// silo): the new activation learns what every partition holds before it grants (real PostgreSQL; integration tier).
/// </summary>
[Trait("Category", "Integration")]
public sealed class CapabilityLimitRestartTests
{
    private const int Partitions = 2;

    [Fact]
    public async Task NewCapabilityActivation_WhileAnotherPartitionHoldsTheOnlyPermit_GrantsNothingUntilItIsReleased()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db, engine: o => o.AgentQueuePartitions = Partitions);
        var capability = "limit-restart-" + Guid.NewGuid().ToString("N")[..8];
        var limits = cluster.Client.GetGrain<ICapabilityGrain>(capability);
        await limits.SetLimitsAsync(new CapabilityLimits(1, null));
        await cluster.RegisterAsync("agent-limit-restart", $$"""{ "steps": [ { "id": "a", "type": "agent", "with": { "capability": "{{capability}}" } } ] }""");
        await cluster.StartAsync("agent-limit-restart", workflowId: PartitionedWorkflowIds.In("limit-restart-", 0, Partitions));
        await cluster.StartAsync("agent-limit-restart", workflowId: PartitionedWorkflowIds.In("limit-restart-", 1, Partitions));
        await WaitUntilAsync(async () => (await StatsAsync(cluster, capability)).Sum(s => s.Queued) == 2);
        var first = await RegisteredAgentAsync(cluster, capability, "first");
        var second = await RegisteredAgentAsync(cluster, capability, "second");

        var held = await first.PollAsync("tests", 1, TimeSpan.FromSeconds(5));
        var activeBefore = await cluster.IsActiveAsync(capability, "Capability");
        await limits.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await WaitUntilAsync(async () => !await cluster.IsActiveAsync(capability, "Capability"));
        var whileHeld = await second.PollAsync("tests", 1, TimeSpan.FromSeconds(1));
        var report = await first.ReportAsync("tests", held.Tasks.Single().TaskId, JsonDocument.Parse("1").RootElement.Clone(), null);
        var afterRelease = await second.PollAsync("tests", 1, TimeSpan.FromSeconds(10));

        activeBefore.Should().BeTrue("the capability grain granted the first permit, so it was active (what the test deactivates)");
        held.Tasks.Should().ContainSingle();
        whileHeld.Tasks.Should().BeEmpty("the only permit is held in the other partition, which the new activation asked");
        report.Should().Be(AgentCallOutcome.Ok);
        afterRelease.Tasks.Should().ContainSingle("the released permit goes to the waiting task");
    }

    private static async Task<IAgentGrain> RegisteredAgentAsync(AutomationTestCluster cluster, string capability, string name)
    {
        var agent = cluster.Client.GetGrain<IAgentGrain>(Guid.NewGuid().ToString("N"));
        await agent.RegisterAsync(new AgentRegistration("tests", name, [capability], 1, new Dictionary<string, string>()));
        return agent;
    }

    private static Task<AgentQueueStats[]> StatsAsync(AutomationTestCluster cluster, string capability) =>
        Task.WhenAll(Enumerable.Range(0, Partitions).Select(p => cluster.Client.GetGrain<ITaskQueueGrain>(AgentNames.QueueKey(capability, p)).GetStatsAsync()));

    /// <summary>Polls until the condition holds (a hang guard of 30 s, not a timing assertion).</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            DateTimeOffset.UtcNow.Should().BeBefore(deadline, "the condition should hold within the hang guard");
            await Task.Delay(50);
        }
    }
}
