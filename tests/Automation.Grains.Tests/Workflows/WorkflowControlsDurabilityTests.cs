using Automation.Events;
using Automation.Testing;
using Automation.Workflows;
using Npgsql;

namespace Automation.Grains.Tests.Workflows;

/// <summary>
/// A paused workflow stays paused when the whole cluster stops and a new one starts on the same database: what was
/// running finishes, nothing new is dispatched, and it completes once unpaused (integration tier, real PostgreSQL).
/// </summary>
[Trait("Category", "Integration")]
public sealed class WorkflowControlsDurabilityTests : IAsyncLifetime
{
    private HttpTarget _target = null!;

    public async Task InitializeAsync() => _target = await HttpTarget.StartAsync();

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task Pause_WhenClusterRestarts_StaysPausedAndCompletesAfterUnpause()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "durable-pause-" + Guid.NewGuid().ToString("N");
        var workflowId = "pause-" + Guid.NewGuid().ToString("N");
        await using (var first = await AutomationTestCluster.StartAsync(db, serviceId))
        {
            await first.RegisterAsync("paused", $$$"""
            { "steps": [
                { "id": "nap", "type": "delay", "with": { "duration": "2s" } },
                { "id": "call", "type": "http", "dependsOn": ["nap"], "with": { "url": "{{{_target.BaseUrl}}}/echo" } },
                { "id": "after", "type": "transform", "dependsOn": ["call"], "with": { "value": "{{ steps.call.output.status }}" } } ] }
            """);
            var (grain, start) = await first.StartAsync("paused", workflowId: workflowId);
            start.Snapshot!.Steps[0].Status.Should().Be(StepStatus.Waiting);
            var paused = await grain.PauseAsync("maintenance");
            paused.Outcome.Should().Be(ControlWorkflowOutcome.Applied);
        }

        await using var second = await AutomationTestCluster.StartAsync(db, serviceId);
        var indexed = await IndexedStatusAsync(db, workflowId);
        var grainAfter = second.Client.GetGrain<IWorkflowGrain>(workflowId);
        // The delay fell due while the cluster was down: it finishes (a running step finishes while paused), and
        // the step after it is not dispatched.
        var napDone = await WaitForAsync(grainAfter, s => s.Steps[0].Status == StepStatus.Completed);

        indexed.Should().Be("Paused");
        napDone.Status.Should().Be(WorkflowStatus.Paused);
        napDone.Steps[1].Status.Should().Be(StepStatus.Pending);
        napDone.Steps[2].Status.Should().Be(StepStatus.Pending);
        _target.IdempotencyKeys.Where(k => k.StartsWith(workflowId, StringComparison.Ordinal)).Should().BeEmpty("nothing new runs while paused");

        var unpaused = await grainAfter.UnpauseAsync();
        var done = await AutomationTestCluster.WaitAsync(grainAfter);

        unpaused.Outcome.Should().Be(ControlWorkflowOutcome.Applied);
        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Steps[2].Output!.Value.GetInt32().Should().Be(200);
        _target.IdempotencyKeys.Where(k => k.StartsWith(workflowId, StringComparison.Ordinal)).Should().Equal($"{workflowId}:call:1");
        // A read can see the completed state a moment before the grain's visibility write lands: wait for the row.
        (await IndexedStatusEventuallyAsync(db, workflowId, "Completed")).Should().Be("Completed");
        (await grainAfter.GetHistoryAsync())!.Select(e => e.GetType().Name).Should().ContainInOrder(
            "WorkflowPaused", "StepCompleted", "WorkflowResumed", "StepScheduled", "StepCompleted", "WorkflowCompleted");
        (await grainAfter.GetHistoryAsync())!.OfType<StepScheduled>().Select(e => e.StepId).Should().Equal("nap", "call", "after");
    }

    /// <summary>Reads the visibility row (the status PostgreSQL holds, without touching the workflow grain).</summary>
    private static async Task<string?> IndexedStatusAsync(string connectionString, string workflowId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM automation_workflows WHERE workflow_id = @id", connection);
        command.Parameters.AddWithValue("id", workflowId);
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>Polls the visibility row until it shows <paramref name="expected"/> (a hang guard of 30 s, not a timing assertion).</summary>
    private static async Task<string?> IndexedStatusEventuallyAsync(string connectionString, string workflowId, string expected)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        string? status;
        while ((status = await IndexedStatusAsync(connectionString, workflowId)) != expected && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return status;
    }

    /// <summary>Waits on the workflow's own progress signal (each committed transition) until <paramref name="done"/> holds.</summary>
    private static async Task<WorkflowSnapshot> WaitForAsync(IWorkflowGrain grain, Func<WorkflowSnapshot, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60); // hang guard only
        var seen = 0;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var snapshot = (await grain.WaitForChangeAsync(seen, TimeSpan.FromSeconds(5)))!;
            if (done(snapshot))
            {
                return snapshot;
            }

            seen = (await grain.GetHistoryAsync())!.Count;
        }

        throw new TimeoutException($"Condition never held: {string.Join(", ", (await grain.GetAsync())!.Steps.Select(s => $"{s.Id}={s.Status}"))}");
    }
}
