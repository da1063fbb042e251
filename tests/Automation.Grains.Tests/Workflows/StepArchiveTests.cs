using System.Text.Json;
using Automation.Engine.Workflows;
using Automation.Grains.Workflows;
using Automation.Testing;
using Automation.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Automation.Grains.Tests.Workflows;

/// <summary>
/// Issue 6 item 4 (ADR 0027): a long workflow's finished steps move out of its state to the step archive, so each write
/// stays bounded, and come back whole when the workflow activates again (cluster tier, in-memory storage and archive).
/// </summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class StepArchiveTests(EngineFixture fixture)
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement.Clone();

    private AutomationTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task LongWorkflow_FinishedSteps_LeaveTheStateAndComeBackAfterDeactivation()
    {
        var name = Unique("archive");
        // 300 delays (each its own write), then a wait, then a transform that reads an early step's output.
        var delays = Enumerable.Range(0, 300).Select(i =>
            $$"""{ "id": "s{{i}}", "type": "delay", {{(i > 0 ? $"\"dependsOn\": [\"s{i - 1}\"], " : "")}}"with": { "duration": "1ms" } }""");
        await Cluster.RegisterAsync(name, $$$"""
            { "steps": [ {{{string.Join(",\n", delays)}}},
              { "id": "gate", "type": "wait", "dependsOn": ["s299"], "with": { "signal": "go" } },
              { "id": "last", "type": "transform", "dependsOn": ["gate"],
                "with": { "value": { "first": "{{ steps.s0.output.firedAt }}", "middle": "{{ steps.s150.output.firedAt }}" } } } ] }
            """);
        var (grain, _) = await Cluster.StartAsync(name);
        var id = grain.GetPrimaryKeyString();

        var waiting = await WaitForStepAsync(grain, "gate", StepStatus.Waiting, knownEvents: 900); // 3 events per delay
        var stored = await ReadStoredStateAsync(id);
        var rows = Cluster.StepArchive!.Rows(id);
        await Cluster.Cluster.DeactivateAsync(grain);
        var reactivated = (await grain.GetAsync())!;
        await grain.SignalAsync("go", Empty);
        var done = await AutomationTestCluster.WaitAsync(grain);
        await Cluster.Cluster.DeactivateAsync(grain);
        Cluster.StepArchive!.FailReads(id, true);
        var unreadable = await Record.ExceptionAsync(() => grain.GetAsync());
        Cluster.StepArchive!.FailReads(id, false);
        var readable = (await grain.GetAsync())!;

        stored.Steps.Count.Should().BeLessThanOrEqualTo(WorkflowGrain.StepsKeptMax + 2, "the state holds the recently finished steps, the one just finished and the waiting one");
        stored.Steps.Should().NotContainKey("last", "a step still as the start created it is not written");
        stored.StepsArchived.Should().Be(rows.Count).And.BeGreaterThanOrEqualTo(300 - WorkflowGrain.StepsKeptMax - 1);
        rows.Keys.Concat(stored.Steps.Keys).Should().Contain(Enumerable.Range(0, 300).Select(i => $"s{i}"));
        rows.Values.Select(StepStateJson.Deserialize).Should().OnlyContain(s => s.Status == StepStatus.Completed);
        reactivated.Steps.Should().HaveCount(302);
        reactivated.Steps.Select(s => (s.Id, s.Status, s.Attempts, s.CompletedAt, Output: s.Output?.GetRawText())).Should()
            .Equal(waiting.Steps.Select(s => (s.Id, s.Status, s.Attempts, s.CompletedAt, Output: s.Output?.GetRawText())));
        reactivated.Steps[^1].Status.Should().Be(StepStatus.Pending);
        done.Status.Should().Be(WorkflowStatus.Completed, done.Error?.Message);
        var last = done.Steps.Single(s => s.Id == "last").Output!.Value;
        last.GetProperty("first").GetString().Should().Be(waiting.Steps[0].Output!.Value.GetProperty("firedAt").GetString());
        last.GetProperty("middle").GetString().Should().Be(waiting.Steps[150].Output!.Value.GetProperty("firedAt").GetString());
        unreadable.Should().NotBeNull("an activation that cannot read its archived steps fails instead of running without them");
        readable.Steps.Select(s => (s.Id, s.Status, Output: s.Output?.GetRawText())).Should()
            .Equal(done.Steps.Select(s => (s.Id, s.Status, Output: s.Output?.GetRawText())), "the next activation reads them once the archive answers");
    }

    [Fact]
    public async Task Retry_OfAFailedWorkflowWithArchivedSkippedSteps_WritesThemAgainAndArchivesThemAnew()
    {
        var name = Unique("archive-retry");
        var key = Guid.NewGuid().ToString("N");
        // A skipped branch early (archived while the chain runs), a call that fails once, then enough steps after it
        // for the steps the retry changed to be archived again.
        var before = Enumerable.Range(0, 120).Select(i =>
            $$"""{ "id": "s{{i}}", "type": "delay", {{(i > 0 ? $"\"dependsOn\": [\"s{i - 1}\"], " : "")}}"with": { "duration": "1ms" } }""");
        var after = Enumerable.Range(0, 110).Select(i =>
            $$"""{ "id": "t{{i}}", "type": "delay", "dependsOn": ["{{(i > 0 ? $"t{i - 1}" : "call")}}"], "with": { "duration": "1ms" } }""");
        await Cluster.RegisterAsync(name, $$$"""
            { "steps": [ {{{string.Join(",\n", before)}}},
              { "id": "branch", "type": "transform", "dependsOn": ["s0"], "when": "{{ 1 > 2 }}", "with": { "value": 1 } },
              { "id": "call", "type": "http", "dependsOn": ["s119"], "retry": { "maxAttempts": 1 },
                "with": { "url": "{{{fixture.Target.BaseUrl}}}/flaky/1/{{{key}}}" } },
              {{{string.Join(",\n", after)}}} ] }
            """);
        var (grain, _) = await Cluster.StartAsync(name);
        var id = grain.GetPrimaryKeyString();

        var failed = await AutomationTestCluster.WaitAsync(grain);
        var skippedRow = StepStateJson.Deserialize(Cluster.StepArchive!.Rows(id)["branch"]);
        var retried = await grain.RetryAsync(new RetryWorkflowCommand(null, "upstream fixed"));
        var done = await AutomationTestCluster.WaitAsync(grain);
        var rows = Cluster.StepArchive.Rows(id);
        var stored = await ReadStoredStateAsync(id);
        await Cluster.Cluster.DeactivateAsync(grain);
        var reactivated = (await grain.GetAsync())!;

        failed.Status.Should().Be(WorkflowStatus.Failed);
        skippedRow.Status.Should().Be(StepStatus.Skipped, "the skipped branch was archived during the first run");
        retried.Outcome.Should().Be(ControlWorkflowOutcome.Applied);
        done.Status.Should().Be(WorkflowStatus.Completed, done.Error?.Message);
        var branch = done.Steps.Single(s => s.Id == "branch");
        branch.Status.Should().Be(StepStatus.Skipped);
        branch.CompletedAt.Should().BeAfter(skippedRow.CompletedAt!.Value, "the retry reset it and it was skipped again");
        StepStateJson.Deserialize(rows["branch"]).CompletedAt.Should().Be(branch.CompletedAt, "the step the retry changed was archived anew");
        StepStateJson.Deserialize(rows["call"]).Should().Match<StepState>(s => s.Status == StepStatus.Completed && s.AttemptsFinished == 2);
        stored.Steps.Count.Should().BeLessThanOrEqualTo(WorkflowGrain.StepsKeptMax + 1);
        reactivated.Steps.Select(s => (s.Id, s.Status, s.Attempts, s.CompletedAt)).Should()
            .Equal(done.Steps.Select(s => (s.Id, s.Status, s.Attempts, s.CompletedAt)));
        reactivated.Steps.Single(s => s.Id == "call").Attempts.Should().Be(2);
    }

    /// <summary>The workflow's state as the grain storage holds it (not the activation's memory).</summary>
    private async Task<WorkflowState> ReadStoredStateAsync(string workflowId)
    {
        var storage = Cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Workflows);
        var state = new GrainState<WorkflowState>(new WorkflowState());
        await storage.ReadStateAsync("workflow", Cluster.Client.GetGrain<IWorkflowGrain>(workflowId).GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException("No stored state.");
    }

    /// <summary>Waits on the workflow's own change signal until a step has a status, from <paramref name="knownEvents"/> on.</summary>
    internal static async Task<WorkflowSnapshot> WaitForStepAsync(IWorkflowGrain grain, string stepId, StepStatus status, int knownEvents)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2); // hang guard only
        var known = knownEvents;
        while (true)
        {
            var snapshot = (await grain.WaitForChangeAsync(known, TimeSpan.FromSeconds(10)))!;
            if (snapshot.Steps.Single(s => s.Id == stepId).Status == status)
            {
                return snapshot;
            }

            if (snapshot.Status.IsTerminal() || DateTimeOffset.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Step {stepId} never became {status}; the workflow is {snapshot.Status}.");
            }

            // Only the events since the last look: the whole history of a long workflow is read once, not every turn.
            for (WorkflowHistoryPage? page = null; page is null || page.NextAfter is not null;)
            {
                page = (await grain.GetHistoryPageAsync(known, 1000))!;
                known = page.Events.Count > 0 ? (int)page.Events[^1].Sequence : known;
            }

            // Then look again: a transition counted above shows in the state read after it, even one already gone by
            // the next wait.
            var now = (await grain.GetAsync())!;
            if (now.Steps.Single(s => s.Id == stepId).Status == status)
            {
                return now;
            }
        }
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
