using System.Text.Json;
using Automation.Grains.Workflows;
using Automation.Testing;
using Automation.Workflows;
using Npgsql;

namespace Automation.Grains.Tests.Workflows;

/// <summary>
/// Issue 6 item 4 (ADR 0027) on PostgreSQL: the state row a long workflow writes holds a bounded set of steps, the rest
/// are rows of <c>automation_workflow_steps</c>, and a new cluster on the same database reads them back (outputs and
/// templates included).
/// </summary>
[Trait("Category", "Integration")]
public sealed class StepArchiveDurabilityTests
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement.Clone();

    [Fact]
    public async Task LongWorkflow_WhenClusterRestarts_ReadsItsArchivedStepsBack()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "step-archive-" + Guid.NewGuid().ToString("N");
        var workflowId = "long-" + Guid.NewGuid().ToString("N");
        var delays = Enumerable.Range(0, 250).Select(i =>
            $$"""{ "id": "s{{i}}", "type": "delay", {{(i > 0 ? $"\"dependsOn\": [\"s{i - 1}\"], " : "")}}"with": { "duration": "1ms" } }""");
        WorkflowSnapshot waiting;
        JsonElement stored;
        long rows;
        await using (var first = await AutomationTestCluster.StartAsync(db, serviceId))
        {
            await first.RegisterAsync("long", $$$"""
                { "steps": [ {{{string.Join(",\n", delays)}}},
                  { "id": "gate", "type": "wait", "dependsOn": ["s249"], "with": { "signal": "go" } },
                  { "id": "last", "type": "transform", "dependsOn": ["gate"],
                    "with": { "value": { "first": "{{ steps.s0.output.firedAt }}", "middle": "{{ steps.s120.output.firedAt }}" } } } ] }
                """);
            var (grain, _) = await first.StartAsync("long", workflowId: workflowId);
            waiting = await StepArchiveTests.WaitForStepAsync(grain, "gate", StepStatus.Waiting, knownEvents: 750);
            var grainId = grain.GetGrainId().ToString();
            stored = await StoredStateAsync(db, serviceId, workflowId, grainId);
            rows = await CountAsync(db, "SELECT count(*) FROM automation_workflow_steps WHERE workflow_id = @id", workflowId);
        }

        await using var second = await AutomationTestCluster.StartAsync(db, serviceId);
        var again = second.Client.GetGrain<IWorkflowGrain>(workflowId);
        var reactivated = (await again.GetAsync())!;
        await again.SignalAsync("go", Empty);
        var done = await AutomationTestCluster.WaitAsync(again);

        var storedSteps = stored.GetProperty("Steps").EnumerateObject().Select(p => p.Name).ToList();
        storedSteps.Count.Should().BeLessThanOrEqualTo(WorkflowGrain.StepsKeptMax + 2, "the state row holds the recently finished steps, the one just finished and the waiting one");
        storedSteps.Should().Contain("gate").And.NotContain("last");
        stored.GetProperty("StepsArchived").GetInt32().Should().Be((int)rows).And.BeGreaterThanOrEqualTo(250 - WorkflowGrain.StepsKeptMax - 1);
        reactivated.Steps.Select(s => (s.Id, s.Status, s.Attempts, s.CompletedAt, Output: s.Output?.GetRawText())).Should()
            .Equal(waiting.Steps.Select(s => (s.Id, s.Status, s.Attempts, s.CompletedAt, Output: s.Output?.GetRawText())));
        done.Status.Should().Be(WorkflowStatus.Completed, done.Error?.Message);
        var last = done.Steps.Single(s => s.Id == "last").Output!.Value;
        last.GetProperty("first").GetString().Should().Be(waiting.Steps[0].Output!.Value.GetProperty("firedAt").GetString());
        last.GetProperty("middle").GetString().Should().Be(waiting.Steps[120].Output!.Value.GetProperty("firedAt").GetString());
    }

    /// <summary>The workflow's state row as the ADO.NET provider wrote it (System.Text.Json in <c>payloadbinary</c>).</summary>
    private static async Task<JsonElement> StoredStateAsync(string db, string serviceId, string workflowId, string grainId)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT payloadbinary FROM OrleansStorage WHERE ServiceId = @s AND GrainIdExtensionString IN (@id, @grain)", connection);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("id", workflowId);
        command.Parameters.AddWithValue("grain", grainId);
        var payload = (byte[])(await command.ExecuteScalarAsync())!;
        return JsonDocument.Parse(payload).RootElement.Clone();
    }

    private static async Task<long> CountAsync(string db, string sql, string workflowId)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", workflowId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
