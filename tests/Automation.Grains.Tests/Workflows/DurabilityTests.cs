using Automation.Testing;
using Automation.Workflows;
using Npgsql;

namespace Automation.Grains.Tests.Workflows;

/// <summary>
/// Work that is waiting when the whole cluster stops must finish after a new cluster starts on the same database,
/// woken by its reminder alone: the tests never call the workflow grain after the restart, they watch the
/// visibility table that the grain keeps current.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DurabilityTests : IAsyncLifetime
{
    private HttpTarget _target = null!;

    public async Task InitializeAsync() => _target = await HttpTarget.StartAsync();

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task Delay_WhenClusterRestartsMidWait_CompletesFromReminder()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "durable-delay-" + Guid.NewGuid().ToString("N");
        var workflowId = "delay-" + Guid.NewGuid().ToString("N");
        await using (var first = await AutomationTestCluster.StartAsync(db, serviceId))
        {
            await first.RegisterAsync("sleepy", """
            { "steps": [
                { "id": "nap", "type": "delay", "with": { "duration": "3s" } },
                { "id": "after", "type": "transform", "dependsOn": ["nap"], "with": { "value": "{{ steps.nap.output.firedAt }}" } } ] }
            """);
            var (_, start) = await first.StartAsync("sleepy", workflowId: workflowId);
            start.Snapshot!.Steps[0].Status.Should().Be(StepStatus.Waiting);
        }

        await using var second = await AutomationTestCluster.StartAsync(db, serviceId);
        var status = await WaitForIndexedStatusAsync(db, workflowId);

        status.Should().Be("Completed");
        var done = await second.Client.GetGrain<IWorkflowGrain>(workflowId).GetAsync();
        done!.Steps.Should().OnlyContain(s => s.Status == StepStatus.Completed && s.Attempts == 1);
        (await second.Client.GetGrain<IWorkflowGrain>(workflowId).GetHistoryAsync())!
            .OfType<Events.StepCompleted>().Select(e => e.StepId).Should().Equal("nap", "after");
    }

    [Fact]
    public async Task RetryBackoff_WhenClusterRestartsMidBackoff_ResumesWithNextAttempt()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "durable-retry-" + Guid.NewGuid().ToString("N");
        var key = Guid.NewGuid().ToString("N");
        var workflowId = "retry-" + key;
        await using (var first = await AutomationTestCluster.StartAsync(db, serviceId))
        {
            await first.RegisterAsync("flaky", $$$"""
            { "steps": [ { "id": "call", "type": "http", "retry": { "maxAttempts": 3, "initialInterval": "3s" },
                           "with": { "url": "{{{_target.BaseUrl}}}/flaky/1/{{{key}}}" } } ] }
            """);
            var (grain, _) = await first.StartAsync("flaky", workflowId: workflowId);
            var retrying = await WaitForStepStatusAsync(grain, StepStatus.Retrying);
            retrying.Steps[0].Failures.Should().ContainSingle().Which.Error.Type.Should().Be("http.503");
        }

        await using var second = await AutomationTestCluster.StartAsync(db, serviceId);
        var status = await WaitForIndexedStatusAsync(db, workflowId);

        status.Should().Be("Completed");
        var done = await second.Client.GetGrain<IWorkflowGrain>(workflowId).GetAsync();
        done!.Steps[0].Attempts.Should().Be(2);
        _target.FlakyCalls(key).Should().Be(2, "the failed attempt is not repeated and the next one runs once");
        _target.IdempotencyKeys.Where(k => k.StartsWith(workflowId, StringComparison.Ordinal)).Should()
            .Equal($"{workflowId}:call:1", $"{workflowId}:call:2");
    }

    /// <summary>Waits on the workflow's own progress signal (each committed transition) until its first step has <paramref name="status"/>.</summary>
    private static async Task<WorkflowSnapshot> WaitForStepStatusAsync(IWorkflowGrain grain, StepStatus status)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30); // hang guard only
        var seen = 0;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var snapshot = await grain.WaitForChangeAsync(seen, TimeSpan.FromSeconds(5));
            if (snapshot!.Steps[0].Status == status)
            {
                return snapshot;
            }

            // Count the events first, then look: a transition counted here shows in the state read after it. (Taking
            // the count after the snapshot missed a step that changed in between: the next wait then waited for the
            // change after it, and a 3-second Retrying went by unseen.)
            var count = (await grain.GetHistoryAsync())!.Count;
            snapshot = await grain.GetAsync();
            if (snapshot!.Steps[0].Status == status)
            {
                return snapshot;
            }

            seen = count;
        }

        throw new TimeoutException($"Step never reached {status}.");
    }

    /// <summary>
    /// Watches the visibility table from outside. It must not call the workflow grain: the point of these tests is that
    /// nothing but the reminder wakes it after the restart, so the observer is PostgreSQL itself.
    /// </summary>
    private static async Task<string?> WaitForIndexedStatusAsync(string connectionString, string workflowId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        string? status = null;
        for (var i = 0; i < 1200 && status is not ("Completed" or "Failed" or "Cancelled"); i++)
        {
            await using var command = new NpgsqlCommand("SELECT status FROM automation_workflows WHERE workflow_id = @id", connection);
            command.Parameters.AddWithValue("id", workflowId);
            status = (string?)await command.ExecuteScalarAsync();
            if (status is not ("Completed" or "Failed" or "Cancelled"))
            {
                await Task.Delay(100);
            }
        }

        return status;
    }
}
