using System.Text.Json;
using Automation.Agents;
using Automation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Grains.Tests.Agents;

/// <summary>
/// A task id names its queue partition; an agent's calls only reach partitions that exist (the configured count) of
/// its own capabilities, so a caller cannot activate arbitrary queue grains (each a database load) (integration tier).
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentTaskIdRoutingTests
{
    [Fact]
    public async Task TaskIdOfAnUnknownPartitionOrAnotherCapability_IsNotFoundAndActivatesNoQueue()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        RecordingAgentTaskStore? store = null;
        await using var cluster = await AutomationTestCluster.StartAsync(db, engine: o => o.AgentQueuePartitions = 4, configureSilo: silo =>
        {
            var real = silo.Services.Last(s => s.ServiceType == typeof(IAgentTaskStore));
            silo.Services.AddSingleton<IAgentTaskStore>(sp => store = new RecordingAgentTaskStore(
                real.ImplementationInstance as IAgentTaskStore ?? (IAgentTaskStore)real.ImplementationFactory!(sp)));
        });
        var capability = "routing-" + Guid.NewGuid().ToString("N")[..8];
        var other = "other-" + Guid.NewGuid().ToString("N")[..8];
        var agent = cluster.Client.GetGrain<IAgentGrain>(Guid.NewGuid().ToString("N"));
        await agent.RegisterAsync(new AgentRegistration("tests", "routing-agent", [capability], 1, new Dictionary<string, string>()));
        var output = JsonDocument.Parse("{}").RootElement.Clone();

        (await agent.HeartbeatAsync("tests", $"{capability}~4~abcdef", 5, null)).Outcome.Should().Be(AgentCallOutcome.TaskNotFound);
        (await agent.ReportAsync("tests", $"{capability}~9999~abcdef", output, null)).Should().Be(AgentCallOutcome.TaskNotFound);
        (await agent.HeartbeatAsync("tests", $"{other}~0~abcdef", 5, null)).Outcome.Should().Be(AgentCallOutcome.TaskNotFound);
        (await agent.ReportAsync("tests", $"{other}~0~abcdef", output, null)).Should().Be(AgentCallOutcome.TaskNotFound);
        (await agent.ReportAsync("tests", $"{capability}~3~abcdef", output, null)).Should().Be(AgentCallOutcome.TaskNotFound);

        store.Should().NotBeNull();
        store!.LoadedQueues.Should().Contain(AgentNames.QueueKey(capability, 3), "a configured partition of its own capability is asked")
            .And.NotContain([AgentNames.QueueKey(capability, 4), AgentNames.QueueKey(capability, 9999), AgentNames.QueueKey(other, 0)]);
    }
}
