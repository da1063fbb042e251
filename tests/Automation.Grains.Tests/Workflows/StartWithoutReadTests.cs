using System.Text.Json;
using Automation.Testing;
using Automation.Workflows;
using Npgsql;
using Orleans.Core.Internal;

namespace Automation.Grains.Tests.Workflows;

/// <summary>
/// A start that activates its workflow grain skips the state read. The write that follows must still be durable, and
/// a workflow that exists after all (a client's retry, a reused id) must be found by that write, or by the read a
/// refused start makes: the existing workflow is answered, and neither its state nor its visibility row is touched.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StartWithoutReadTests
{
    private static readonly JsonElement Input = JsonDocument.Parse("""{ "n": 1 }""").RootElement.Clone();

    [Fact]
    public async Task StartOfAnExistingWorkflow_InANewActivation_AnswersTheStoredWorkflow()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "fresh-start-" + Guid.NewGuid().ToString("N");
        var workflowId = Guid.CreateVersion7().ToString();
        await using (var first = await AutomationTestCluster.StartAsync(db, serviceId))
        {
            await first.RegisterAsync("original", """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": "{{ input.n }}" } } ] }""");
            var grain = first.Client.GetGrain<IWorkflowGrain>(workflowId);
            var started = await grain.StartAsync(new StartWorkflowCommand("original", null, Input) { RequestId = "request:1" });

            started.Outcome.Should().Be(StartWorkflowOutcome.Started);
            (await AutomationTestCluster.WaitAsync(grain)).Status.Should().Be(WorkflowStatus.Completed);
        }

        // A new cluster: no activation holds the workflow, so each start below that activates it skips the read.
        await using var second = await AutomationTestCluster.StartAsync(db, serviceId);
        // Still running after its start decision, with a longer history than the stored workflow's: before ADR 0028's
        // insert-only row, its visibility row replaced the stored workflow's and the correction lost to the revisions.
        await second.RegisterAsync("other", """
        { "steps": [
            { "id": "b", "type": "transform", "with": { "value": 2 } },
            { "id": "c", "type": "transform", "dependsOn": ["b"], "with": { "value": 3 } },
            { "id": "d", "type": "transform", "dependsOn": ["c"], "with": { "value": 4 } },
            { "id": "w", "type": "delay", "dependsOn": ["d"], "with": { "duration": "10s" } } ] }
        """);
        var again = second.Client.GetGrain<IWorkflowGrain>(workflowId);

        var retry = await again.StartAsync(new StartWorkflowCommand("original", null, Input) { RequestId = "request:1" });
        await again.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var unknownDefinition = await again.StartAsync(new StartWorkflowCommand("no-such-definition", null, Input) { RequestId = "request:3" });
        await again.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var collision = await second.Client.GetGrain<IWorkflowGrain>(workflowId)
            .StartAsync(new StartWorkflowCommand("other", null, Input) { RequestId = "request:2" });

        retry.Outcome.Should().Be(StartWorkflowOutcome.Started, "a retry of the request that created it is told started");
        retry.Snapshot!.Status.Should().Be(WorkflowStatus.Completed, "the stored workflow is answered, not a new run");
        unknownDefinition.Outcome.Should().Be(StartWorkflowOutcome.AlreadyExists, "a refused start reads first: the workflow exists, whatever the start asks");
        unknownDefinition.Snapshot!.Definition.Should().Be("original");
        collision.Outcome.Should().Be(StartWorkflowOutcome.AlreadyExists);
        collision.Snapshot!.Definition.Should().Be("original");
        (await again.GetAsync())!.Steps.Should().ContainSingle().Which.Output!.Value.GetInt32().Should().Be(1);
        (await IndexedAsync(db, workflowId)).Should().Be(("original", "Completed"), "the refused starts leave the visibility row as it was");
    }

    [Fact]
    public async Task StartWithoutRead_ThenReactivated_ReadsWhatTheStartWrote()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "fresh-reread-" + Guid.NewGuid().ToString("N");
        var workflowId = Guid.CreateVersion7().ToString();
        await using (var first = await AutomationTestCluster.StartAsync(db, serviceId))
        {
            await first.RegisterAsync("waits", """{ "steps": [ { "id": "nap", "type": "delay", "with": { "duration": "2s" } } ] }""");
            var started = await first.Client.GetGrain<IWorkflowGrain>(workflowId)
                .StartAsync(new StartWorkflowCommand("waits", null, Input) );
            started.Outcome.Should().Be(StartWorkflowOutcome.Started);
        }

        await using var second = await AutomationTestCluster.StartAsync(db, serviceId);
        var done = await AutomationTestCluster.WaitAsync(second.Client.GetGrain<IWorkflowGrain>(workflowId));

        done.Status.Should().Be(WorkflowStatus.Completed, "the state a fresh start wrote is read by the next activation and resumed");
        done.Input.GetProperty("n").GetInt32().Should().Be(1);
    }

    private static async Task<(string Definition, string Status)> IndexedAsync(string connectionString, string workflowId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT definition_name, status FROM automation_workflows WHERE workflow_id = @id", connection);
        command.Parameters.AddWithValue("id", workflowId);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue("the workflow is indexed");
        return (reader.GetString(0), reader.GetString(1));
    }
}
