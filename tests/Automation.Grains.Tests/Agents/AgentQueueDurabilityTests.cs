using Automation.Agents;
using Automation.Testing;
using Automation.Workflows;

namespace Automation.Grains.Tests.Agents;

/// <summary>
/// Agent task queues on real PostgreSQL (issue 10): queued tasks survive the whole cluster stopping (the partition
/// reloads its rows), and an agent that goes silent is marked unhealthy and its task is leased by another agent, same
/// attempt and idempotency key (integration tier).
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentQueueDurabilityTests
{
    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static string Definition(string capability) =>
        $$"""{ "steps": [ { "id": "a", "type": "agent", "with": { "capability": "{{capability}}", "input": { "x": 1 } } } ] }""";

    private static AgentRegistration Registration(string capability, int maxConcurrency = 1) =>
        new("tests", "grain-agent", [capability], maxConcurrency, new Dictionary<string, string>());

    /// <summary>Polls until the agent leases a task (each call waits at most a few seconds), failing after <paramref name="max"/> (a hang guard).</summary>
    private static async Task<AgentTaskRecord> LeaseOneAsync(IAgentGrain agent, TimeSpan? max = null)
    {
        var deadline = DateTimeOffset.UtcNow + (max ?? TimeSpan.FromMinutes(1));
        while (DateTimeOffset.UtcNow < deadline)
        {
            var result = await agent.PollAsync("tests", 1, TimeSpan.FromSeconds(3));
            result.Outcome.Should().Be(AgentCallOutcome.Ok);
            if (result.Tasks.Count > 0)
            {
                return result.Tasks.Single();
            }
        }

        throw new TimeoutException("No task was leased.");
    }

    [Fact]
    public async Task QueuedTasks_WhenTheClusterStopsAndANewOneStarts_AreLeasedAndTheWorkflowsComplete()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "agent-durable-" + Guid.NewGuid().ToString("N");
        var capability = NewId("durable");
        var workflowIds = new List<string>();
        await using (var first = await AutomationTestCluster.StartAsync(db, serviceId))
        {
            await first.RegisterAsync("agent-durable", Definition(capability));
            for (var i = 0; i < 5; i++)
            {
                var (_, started) = await first.StartAsync("agent-durable");
                workflowIds.Add(started.Snapshot!.WorkflowId);
            }

            // Wait until every attempt is a row (queued), then stop the whole cluster.
            var queues = workflowIds.Select(id => AgentNames.QueueKey(capability, AgentNames.Partition(id, 8))).Distinct().ToList();
            for (var total = 0; total < 5;)
            {
                var stats = await Task.WhenAll(queues.Select(q => first.Client.GetGrain<ITaskQueueGrain>(q).GetStatsAsync()));
                total = stats.Sum(s => s.Queued);
                await Task.Delay(50); // a hang guard while the workflows dispatch, not a timing assertion
            }
        }

        await using var second = await AutomationTestCluster.StartAsync(db, serviceId);
        var agent = second.Client.GetGrain<IAgentGrain>(Guid.NewGuid().ToString("N"));
        await agent.RegisterAsync(Registration(capability, maxConcurrency: 5));
        var leased = new List<AgentTaskRecord>();
        while (leased.Count < 5)
        {
            leased.Add(await LeaseOneAsync(agent));
        }

        foreach (var task in leased)
        {
            (await agent.ReportAsync("tests", task.TaskId, System.Text.Json.JsonDocument.Parse("""{ "ok": true }""").RootElement.Clone(), null))
                .Should().Be(AgentCallOutcome.Ok);
        }

        leased.Select(t => t.WorkflowId).Should().BeEquivalentTo(workflowIds);
        leased.Should().OnlyContain(t => t.Attempt == 1, "no task was lost or re-run: each first attempt was leased once");
        foreach (var id in workflowIds)
        {
            (await AutomationTestCluster.WaitAsync(second.Client.GetGrain<IWorkflowGrain>(id))).Status.Should().Be(WorkflowStatus.Completed);
        }
    }

    [Fact]
    public async Task SilentAgent_AfterThreeHeartbeatIntervals_IsUnhealthyAndItsTaskGoesToAnotherAgentSameAttempt()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db, engine: o => o.AgentHeartbeatInterval = TimeSpan.FromSeconds(1));
        var capability = NewId("liveness");
        await cluster.RegisterAsync("agent-liveness", Definition(capability));
        var silent = cluster.Client.GetGrain<IAgentGrain>(Guid.NewGuid().ToString("N"));
        var healthy = cluster.Client.GetGrain<IAgentGrain>(Guid.NewGuid().ToString("N"));
        await silent.RegisterAsync(Registration(capability));
        await healthy.RegisterAsync(Registration(capability));
        var (workflow, _) = await cluster.StartAsync("agent-liveness");

        var first = await LeaseOneAsync(silent);
        // The silent agent never calls again: after 3 s it is unhealthy and its task is queued again.
        var second = await LeaseOneAsync(healthy);
        var silentSnapshot = await silent.GetAsync();
        var late = await silent.ReportAsync("tests", first.TaskId, null, new StepError("x", "late", true));
        var done = await healthy.ReportAsync("tests", second.TaskId, System.Text.Json.JsonDocument.Parse("1").RootElement.Clone(), null);
        var finished = await AutomationTestCluster.WaitAsync(workflow);

        second.TaskId.Should().Be(first.TaskId, "a lost lease queues the same attempt again");
        second.Attempt.Should().Be(1);
        second.IdempotencyKey.Should().Be(first.IdempotencyKey);
        silentSnapshot!.Status.Should().Be(AgentStatus.Unhealthy);
        late.Should().Be(AgentCallOutcome.NotHeld);
        done.Should().Be(AgentCallOutcome.Ok);
        finished.Status.Should().Be(WorkflowStatus.Completed);
        finished.Steps[0].Attempts.Should().Be(1, "a lost lease is not a failed attempt");
    }
}
