using System.Collections.Concurrent;
using System.Text.Json;
using Automation.Agents;
using Automation.Testing;
using Automation.Workflows;

namespace Automation.Grains.Tests.Agents;

/// <summary>Agent queues under load on a 2-silo cluster with real PostgreSQL (issue 10; integration tier): 1,000 tasks drained by 8 agents; a capability's concurrency limit held across agents and partitions.</summary>
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

    [Fact]
    public async Task CapabilityConcurrencyLimit_EightAgentsUnderLoad_NeverHoldMoreThanTheLimitAtOnce()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db, silos: 2);
        var capability = "limit-" + Guid.NewGuid().ToString("N")[..8];
        await cluster.Client.GetGrain<ICapabilityGrain>(capability).SetLimitsAsync(new CapabilityLimits(3, null));
        await cluster.RegisterAsync("agent-limit", $$"""{ "steps": [ { "id": "a", "type": "agent", "with": { "capability": "{{capability}}" } } ] }""");
        var workflows = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => cluster.StartAsync("agent-limit")));
        var output = JsonDocument.Parse("1").RootElement.Clone();
        var held = 0;
        var most = 0;
        var remaining = 40;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async n =>
        {
            var agent = cluster.Client.GetGrain<IAgentGrain>(Guid.NewGuid().ToString("N"));
            await agent.RegisterAsync(new AgentRegistration("tests", $"agent-{n}", [capability], 5, new Dictionary<string, string>()));
            var deadline = DateTimeOffset.UtcNow.AddMinutes(3); // a hang guard, not a performance assertion
            while (Volatile.Read(ref remaining) > 0 && DateTimeOffset.UtcNow < deadline)
            {
                var poll = await agent.PollAsync("tests", 5, TimeSpan.FromSeconds(1));
                var now = Interlocked.Add(ref held, poll.Tasks.Count);
                InterlockedMax(ref most, now);
                await Task.Yield();
                foreach (var task in poll.Tasks)
                {
                    // Released before the report: the permit can only be reused after the report is recorded.
                    Interlocked.Decrement(ref held);
                    (await agent.ReportAsync("tests", task.TaskId, output, null)).Should().Be(AgentCallOutcome.Ok);
                    Interlocked.Decrement(ref remaining);
                }
            }
        }));
        var finished = await Task.WhenAll(workflows.Select(w => AutomationTestCluster.WaitAsync(w.Grain)));

        most.Should().BeInRange(1, 3);
        finished.Should().OnlyContain(w => w.Status == WorkflowStatus.Completed);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
