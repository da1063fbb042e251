using System.Text.Json;
using Automation.Agents;
using Automation.Definitions;
using Automation.Testing;
using Automation.Workflows;
using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>Agent task rows in <c>automation_agent_tasks</c>: idempotent insert per attempt, lease and result round-trips, loads by partition and by agent.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresAgentTaskStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);

    private static AgentTaskRecord Task(string id, int attempt = 1, int partition = 3, TimeSpan? heartbeat = null) => new(
        id, "docs.render", partition, "wf-1", "render", attempt, JsonDocument.Parse("""{ "page": 1, "tags": ["a"] }""").RootElement.Clone(),
        new AgentStepOptions(7, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), heartbeat), T0);

    [Fact]
    public async Task InsertAsync_SameAttemptTwice_KeepsTheFirstRowAndAnswersIt()
    {
        await using var source = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresAgentTaskStore(source);

        var first = await store.InsertAsync(Task("docs.render~3~a1", heartbeat: TimeSpan.FromSeconds(30)));
        var again = await store.InsertAsync(Task("docs.render~3~b2"));
        var loaded = await store.LoadQueueAsync("docs.render", 3);

        first.TaskId.Should().Be("docs.render~3~a1");
        again.TaskId.Should().Be("docs.render~3~a1", "one row per (workflow, step, attempt)");
        var row = loaded.Should().ContainSingle().Subject;
        row.Options.Should().Be(new AgentStepOptions(7, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(30)));
        row.Input.GetProperty("tags")[0].GetString().Should().Be("a");
        row.EnqueuedAt.Should().Be(T0);
        row.IsQueued.Should().BeTrue();
    }

    [Fact]
    public async Task UpdateAsync_LeaseThenResult_RoundTripAndLoadsByAgentAndPartition()
    {
        await using var source = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresAgentTaskStore(source);
        var task = await store.InsertAsync(Task("docs.render~3~c3"));
        await store.InsertAsync(Task("docs.render~4~d4", attempt: 2, partition: 4));

        var leased = task with { AgentId = "agent-1", LeasedAt = T0.AddSeconds(5), CancelRequested = true };
        await store.UpdateAsync(leased);
        var byAgent = await store.LoadLeasedByAsync("agent-1");
        var finished = leased with { Result = new AgentTaskResult(false, null, new StepError("render.bad", "no", false), "agent-1", T0.AddSeconds(9), T0.AddSeconds(5)) };
        await store.UpdateAsync(finished);
        var afterFinish = await store.LoadLeasedByAsync("agent-1");
        var partition3 = await store.LoadQueueAsync("docs.render", 3);
        await store.DeleteAsync(["docs.render~3~c3", "docs.render~4~d4"]);
        var afterDelete = (await store.LoadQueueAsync("docs.render", 3)).Concat(await store.LoadQueueAsync("docs.render", 4));

        byAgent.Should().ContainSingle().Which.LeasedAt.Should().Be(T0.AddSeconds(5));
        byAgent[0].CancelRequested.Should().BeTrue();
        afterFinish.Should().BeEmpty("a finished row is not a lease");
        var row = partition3.Should().ContainSingle().Subject;
        row.Result!.Error.Should().Be(new StepError("render.bad", "no", false));
        row.Result.AgentId.Should().Be("agent-1");
        row.Result.FinishedAt.Should().Be(T0.AddSeconds(9));
        afterDelete.Should().BeEmpty();
    }
}
