using System.Text.Json;
using Automation.Agents;
using Automation.Testing;

namespace Automation.Grains.Tests.Agents;

/// <summary>
/// Under a capability concurrency limit, an agent waiting in a long poll gets the slot a finished lease frees within
/// that same poll (the partition hands off when the lease ends), not only at its next poll (integration tier).
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentFreedSlotHandOffTests
{
    [Fact]
    public async Task CapabilityLimitOne_WhenTheHolderCompletes_TheWaitingAgentsPollGetsTheNextTask()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db, engine: o =>
        {
            o.AgentQueuePartitions = 1;
            o.ReminderPeriod = TimeSpan.FromMinutes(10); // so no periodic tick hands the freed slot off instead
        });
        var capability = "freed-" + Guid.NewGuid().ToString("N")[..8];
        await cluster.Client.GetGrain<ICapabilityGrain>(capability).SetLimitsAsync(new CapabilityLimits(1, null));
        await cluster.RegisterAsync("agent-freed", $$"""{ "steps": [ { "id": "a", "type": "agent", "with": { "capability": "{{capability}}" } } ] }""");
        await cluster.StartAsync("agent-freed");
        await cluster.StartAsync("agent-freed");
        var queue = cluster.Client.GetGrain<ITaskQueueGrain>(AgentNames.QueueKey(capability, 0));
        while ((await queue.GetStatsAsync()).Queued < 2)
        {
            await Task.Delay(50); // a hang guard while the workflows dispatch, not a timing assertion
        }

        var holder = cluster.Client.GetGrain<IAgentGrain>(Guid.NewGuid().ToString("N"));
        var waiter = cluster.Client.GetGrain<IAgentGrain>(Guid.NewGuid().ToString("N"));
        await holder.RegisterAsync(new AgentRegistration("tests", "holder", [capability], 1, new Dictionary<string, string>()));
        await waiter.RegisterAsync(new AgentRegistration("tests", "waiter", [capability], 1, new Dictionary<string, string>()));
        var held = (await holder.PollAsync("tests", 1, TimeSpan.Zero)).Tasks.Should().ContainSingle().Subject;

        // The limit is reached: the waiter's poll waits in the partition. It is long enough that only a hand-off ends it with a task.
        var poll = waiter.PollAsync("tests", 1, TimeSpan.FromSeconds(20));
        while ((await queue.GetStatsAsync()).WaitingAgents < 1)
        {
            await Task.Delay(50); // a hang guard until the wait is registered, not a timing assertion
        }

        (await holder.ReportAsync("tests", held.TaskId, JsonDocument.Parse("1").RootElement.Clone(), null)).Should().Be(AgentCallOutcome.Ok);

        var handed = (await poll).Tasks.Should().ContainSingle("the freed slot is handed to the waiting agent within its poll").Subject;
        handed.TaskId.Should().NotBe(held.TaskId);
    }
}
