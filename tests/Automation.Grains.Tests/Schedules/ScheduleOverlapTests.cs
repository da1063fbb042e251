using System.Text.Json;
using Automation.Schedules;
using Automation.Testing;
using Automation.Workflows;

namespace Automation.Grains.Tests.Schedules;

/// <summary>Overlap policies and trigger on a two-silo in-memory cluster (cluster tier).</summary>
[Trait("Category", "Cluster")]
public sealed class ScheduleOverlapTests : IAsyncLifetime
{
    private const string WaitForGo = """{ "steps": [ { "id": "w", "type": "wait", "with": { "signal": "go" } } ] }""";

    private AutomationTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await AutomationTestCluster.StartInMemoryAsync();
        await _cluster.RegisterAsync("waits", WaitForGo);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task OverlapSkip_WhilePreviousWaits_SkipsFires_ThenStartsAfterItCompletes()
    {
        var schedule = _cluster.Client.GetGrain<IScheduleGrain>("skip-" + Guid.NewGuid().ToString("N")[..8]);
        await schedule.PutAsync(ScheduleDurabilityTests.Spec("* * * * * *", ScheduleCatchUp.Skip, null, ScheduleOverlap.Skip, "waits"), "tests");

        var skipping = await WaitForAsync(schedule, s => s.Skipped >= 3);
        var first = skipping.Runs.Should().ContainSingle().Subject;
        await _cluster.Client.GetGrain<IWorkflowGrain>(first.WorkflowId).SignalAsync("go", JsonDocument.Parse("{}").RootElement);
        var after = await WaitForAsync(schedule, s => s.Runs.Count >= 2);
        await schedule.DeleteAsync();

        (await _cluster.Client.GetGrain<IWorkflowGrain>(first.WorkflowId).GetAsync())!.Status.Should().Be(WorkflowStatus.Completed);
        after.Runs[0].ScheduledAt.Should().BeAfter(first.ScheduledAt.AddSeconds(3), "the fires in between were skipped");
    }

    [Fact]
    public async Task OverlapCancelPrevious_CancelsTheRunningRunBeforeEachStart()
    {
        var schedule = _cluster.Client.GetGrain<IScheduleGrain>("cancel-" + Guid.NewGuid().ToString("N")[..8]);
        await schedule.PutAsync(ScheduleDurabilityTests.Spec("* * * * * *", ScheduleCatchUp.Skip, null, ScheduleOverlap.CancelPrevious, "waits"), "tests");

        var snapshot = await WaitForAsync(schedule, s => s.Runs.Count >= 3);
        await schedule.SetPausedAsync(true);
        var statuses = await Task.WhenAll(snapshot.Runs.Skip(1).Select(r => _cluster.Client.GetGrain<IWorkflowGrain>(r.WorkflowId).GetAsync()));
        await schedule.DeleteAsync();

        statuses.Should().OnlyContain(s => s!.Status == WorkflowStatus.Cancelled);
    }

    [Fact]
    public async Task OverlapBufferOne_StartsOneBufferedFireWhenThePreviousEnds()
    {
        var schedule = _cluster.Client.GetGrain<IScheduleGrain>("buffer-" + Guid.NewGuid().ToString("N")[..8]);
        await schedule.PutAsync(ScheduleDurabilityTests.Spec("* * * * * *", ScheduleCatchUp.Skip, null, ScheduleOverlap.BufferOne, "waits"), "tests");

        var buffering = await WaitForAsync(schedule, s => s.Buffered is not null && s.Skipped >= 1);
        var first = buffering.Runs.Should().ContainSingle().Subject;
        var buffered = buffering.Buffered!.Value;
        await _cluster.Client.GetGrain<IWorkflowGrain>(first.WorkflowId).SignalAsync("go", JsonDocument.Parse("{}").RootElement);
        var after = await WaitForAsync(schedule, s => s.Runs.Count >= 2);
        await schedule.DeleteAsync();

        after.Runs[^2].ScheduledAt.Should().Be(buffered, "the buffered fire starts under its own fire time");
    }

    [Fact]
    public async Task Trigger_PausedSchedule_StartsOneManualRun_AndResumeFiresAgain()
    {
        var schedule = _cluster.Client.GetGrain<IScheduleGrain>("trig-" + Guid.NewGuid().ToString("N")[..8]);
        var spec = ScheduleDurabilityTests.Spec("* * * * * *", ScheduleCatchUp.All, TimeSpan.FromHours(1), ScheduleOverlap.Allow, "waits") with { Paused = true };
        await schedule.PutAsync(spec, "tests");

        var trigger = await schedule.TriggerAsync();
        var paused = await schedule.GetAsync();
        await schedule.SetPausedAsync(false);
        var resumed = await WaitForAsync(schedule, s => s.Runs.Count >= 3);
        await schedule.DeleteAsync();

        trigger!.Outcome.Should().Be(StartWorkflowOutcome.Started);
        trigger.Run!.Manual.Should().BeTrue();
        var workflow = await _cluster.Client.GetGrain<IWorkflowGrain>(trigger.Run.WorkflowId).GetAsync();
        workflow!.StartedBy.Should().Be($"schedule:{paused!.Id}");
        workflow.Tags.Should().Contain($"schedule:{paused.Id}");
        paused.Runs.Should().ContainSingle();
        paused.NextFires.Should().BeEmpty();
        resumed.Runs.Where(r => !r.Manual).Should().OnlyContain(r => r.ScheduledAt > paused.UpdatedAt, "fires due while paused are never started, even with catch-up all");
    }

    [Fact]
    public async Task Fire_AlreadyStartedBeforeItsWrite_IsRecordedNotStartedAgain()
    {
        // As if an activation started the fire and crashed before writing its cursor: the workflow exists already.
        var id = "pre-" + Guid.NewGuid().ToString("N")[..8];
        var schedule = _cluster.Client.GetGrain<IScheduleGrain>(id);
        var put = await schedule.PutAsync(ScheduleDurabilityTests.Spec("*/5 * * * * *", ScheduleCatchUp.Skip, null, ScheduleOverlap.Allow, "waits"), "tests");
        var fire = put.Snapshot!.NextFires[1];
        var workflowId = $"{id}:{fire.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";
        var marker = JsonDocument.Parse("""{ "startedEarlier": true }""").RootElement.Clone();
        var early = await _cluster.Client.GetGrain<IWorkflowGrain>(workflowId).StartAsync(
            new StartWorkflowCommand("waits", null, marker) { StartedBy = $"schedule:{id}", Tags = [$"schedule:{id}"] });

        var recorded = await WaitForAsync(schedule, s => s.Runs.Any(r => r.ScheduledAt == fire));
        await schedule.DeleteAsync();

        early.Outcome.Should().Be(StartWorkflowOutcome.Started);
        recorded.Runs.Should().ContainSingle(r => r.WorkflowId == workflowId);
        var workflow = await _cluster.Client.GetGrain<IWorkflowGrain>(workflowId).GetAsync();
        workflow!.Input.GetProperty("startedEarlier").GetBoolean().Should().BeTrue("the schedule found the run and did not start another");
        (await _cluster.Client.GetGrain<IWorkflowGrain>(workflowId).GetHistoryAsync())!.OfType<Automation.Events.WorkflowStarted>().Should().ContainSingle();
        recorded.LastError.Should().BeNull();
    }

    private static async Task<ScheduleSnapshot> WaitForAsync(IScheduleGrain schedule, Func<ScheduleSnapshot, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90); // hang guard only
        while (true)
        {
            var snapshot = (await schedule.GetAsync())!;
            if (done(snapshot))
            {
                return snapshot;
            }

            DateTimeOffset.UtcNow.Should().BeBefore(deadline, JsonSerializer.Serialize(snapshot));
            await Task.Delay(200);
        }
    }
}
