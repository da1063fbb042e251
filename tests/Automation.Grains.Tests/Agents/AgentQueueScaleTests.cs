using System.Collections.Concurrent;
using System.Text.Json;
using Automation.Agents;
using Automation.Testing;
using Automation.Workflows;

namespace Automation.Grains.Tests.Agents;

/// <summary>1,000 queued agent tasks drained by 8 agents on a 2-silo cluster with real PostgreSQL (issue 10; integration tier).</summary>
[Trait("Category", "Integration")]
public sealed class AgentQueueScaleTests
{
    [Fact]
    public async Task ThousandQueuedTasks_EightAgents_EachTaskLeasedOnceAndEveryWorkflowCompletes()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db, silos: 2);
        var capability = "scale-" + Guid.NewGuid().ToString("N")[..8];
        var steps = string.Join(", ", Enumerable.Range(0, 10).Select(i =>
            $$"""{ "id": "s{{i}}", "type": "agent", "with": { "capability": "{{capability}}", "input": { "i": {{i}} } } }"""));
        await cluster.RegisterAsync("agent-scale", $$"""{ "steps": [ {{steps}} ] }""");
        var workflows = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => cluster.StartAsync("agent-scale")));
        var output = JsonDocument.Parse("""{ "ok": true }""").RootElement.Clone();
        var leased = new ConcurrentBag<(string WorkflowId, string StepId, int Attempt)>();
        var remaining = 1000;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async n =>
        {
            var agent = cluster.Client.GetGrain<IAgentGrain>(Guid.NewGuid().ToString("N"));
            await agent.RegisterAsync(new AgentRegistration("tests", $"agent-{n}", [capability], 10, new Dictionary<string, string>()));
            var deadline = DateTimeOffset.UtcNow.AddMinutes(3); // a hang guard, not a performance assertion
            while (Volatile.Read(ref remaining) > 0 && DateTimeOffset.UtcNow < deadline)
            {
                var poll = await agent.PollAsync("tests", 10, TimeSpan.FromSeconds(2));
                foreach (var task in poll.Tasks)
                {
                    leased.Add((task.WorkflowId, task.StepId, task.Attempt));
                    (await agent.ReportAsync("tests", task.TaskId, output, null)).Should().Be(AgentCallOutcome.Ok);
                    Interlocked.Decrement(ref remaining);
                }
            }
        }));
        var finished = await Task.WhenAll(workflows.Select(w => AutomationTestCluster.WaitAsync(w.Grain)));

        leased.Should().HaveCount(1000).And.OnlyHaveUniqueItems();
        finished.Should().OnlyContain(w => w.Status == WorkflowStatus.Completed);
    }
}
