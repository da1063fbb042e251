using Automation.Agents;
using Automation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Grains.Tests.Agents;

/// <summary>
/// A hand-off to a waiting agent writes the lease before the agent gets the task (real PostgreSQL; integration tier):
/// when the write fails, the agent does not get it (it gets it once a later write succeeds), so a task an agent runs
/// is always leased to it in the store and a restarted partition never leases it to a second agent.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentHandOffDurabilityTests
{
    [Fact]
    public async Task HandOff_WhenTheLeaseWriteFails_TheAgentGetsTheTaskOnlyOnceItsLeaseIsInTheStore()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        FailingLeaseWriteStore? store = null;
        await using var cluster = await AutomationTestCluster.StartAsync(db, configureSilo: silo =>
        {
            var real = silo.Services.Last(s => s.ServiceType == typeof(IAgentTaskStore));
            silo.Services.AddSingleton<IAgentTaskStore>(sp => store = new FailingLeaseWriteStore(
                real.ImplementationInstance as IAgentTaskStore ?? (IAgentTaskStore)real.ImplementationFactory!(sp)));
        });
        var capability = "handoff-" + Guid.NewGuid().ToString("N")[..8];
        await cluster.RegisterAsync("agent-handoff",
            $$"""{ "steps": [ { "id": "a", "type": "agent", "with": { "capability": "{{capability}}", "input": { "x": 1 } } } ] }""");
        var agentId = Guid.NewGuid().ToString("N");
        var agent = cluster.Client.GetGrain<IAgentGrain>(agentId);
        await agent.RegisterAsync(new AgentRegistration("tests", "handoff-agent", [capability], 1, new Dictionary<string, string>()));

        // The agent waits first, so the task reaches it through the hand-off.
        var poll = agent.PollAsync("tests", 1, TimeSpan.FromSeconds(20));
        await cluster.StartAsync("agent-handoff");
        var received = new List<AgentTaskRecord>();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1); // a hang guard, not a timing assertion
        while (received.Count == 0 && DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                received.AddRange((await poll).Tasks);
            }
            catch (InvalidOperationException)
            {
                // A direct lease hit the failed write: the poll fails and the agent polls again.
            }

            poll = agent.PollAsync("tests", 1, TimeSpan.FromSeconds(5));
        }

        store.Should().NotBeNull();
        store!.Failed.Should().BeTrue();
        var task = received.Should().ContainSingle().Subject;
        var leasedInStore = await store.Inner.LoadLeasedByAsync(agentId);
        leasedInStore.Select(t => t.TaskId).Should().Contain(task.TaskId);
        await poll;
    }
}
