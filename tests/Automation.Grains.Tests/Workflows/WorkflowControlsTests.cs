using System.Text.Json;
using Automation.Events;
using Automation.Testing;
using Automation.Workflows;

namespace Automation.Grains.Tests.Workflows;

/// <summary>Terminate, pause/unpause and retry through the real grains in a two-silo cluster with in-memory storage (cluster tier).</summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class WorkflowControlsTests(EngineFixture fixture)
{
    private AutomationTestCluster Cluster => fixture.Cluster;

    private HttpTarget Target => fixture.Target;

    private string Url(string path) => Target.BaseUrl + path;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private List<string> KeysOf(string workflowId) => [.. Target.IdempotencyKeys.Where(k => k.StartsWith(workflowId + ":", StringComparison.Ordinal))];

    [Fact]
    public async Task Terminate_DuringHttpAttempt_AbortsTheCallAndStopsEveryStep()
    {
        var name = Unique("terminate");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [
            { "id": "call", "type": "http", "timeout": "1m", "with": { "url": "{{{Url("/slow/30000")}}}" } },
            { "id": "after", "type": "http", "dependsOn": ["call"], "with": { "url": "{{{Url("/echo")}}}" } } ] }
        """);
        var id = Unique("wf");
        var (grain, _) = await Cluster.StartAsync(name, workflowId: id);
        await Target.Received($"{id}:call:1").WaitAsync(TimeSpan.FromSeconds(30)); // hang guard only

        var terminated = await grain.TerminateAsync("runaway");
        await Target.Ended($"{id}:call:1").WaitAsync(TimeSpan.FromSeconds(10)); // well before the 30 s the call would take
        var again = await grain.TerminateAsync("twice");

        terminated.Outcome.Should().Be(ControlWorkflowOutcome.Applied);
        terminated.Problem.Should().BeNull();
        terminated.Snapshot!.Status.Should().Be(WorkflowStatus.Terminated);
        terminated.Snapshot.Error.Should().Be(new StepError("terminated", "runaway", Retryable: false));
        terminated.Snapshot.Steps.Should().OnlyContain(s => s.Status == StepStatus.Cancelled);
        again.Outcome.Should().Be(ControlWorkflowOutcome.Conflict);
        again.Problem.Should().Contain("Terminated");
        again.Snapshot!.Status.Should().Be(WorkflowStatus.Terminated);
        (await grain.WaitForCompletionAsync(TimeSpan.Zero))!.Status.Should().Be(WorkflowStatus.Terminated);
        var history = await grain.GetHistoryAsync();
        history!.OfType<WorkflowTerminated>().Should().ContainSingle().Which.Reason.Should().Be("runaway");
        history!.OfType<StepCompleted>().Should().BeEmpty();
        KeysOf(id).Should().Equal($"{id}:call:1");
        Cluster.Index!.Rows.Single(r => r.WorkflowId == id).Status.Should().Be(WorkflowStatus.Terminated);
    }

    [Fact]
    public async Task PauseAndUnpause_SignalWhilePaused_IsRecordedAndTheNextStepRunsOnlyAfterUnpause()
    {
        var name = Unique("pause");
        await Cluster.RegisterAsync(name, $$$"""
        { "signals": ["go"],
          "steps": [
            { "id": "w", "type": "wait", "with": { "signal": "go" } },
            { "id": "call", "type": "http", "dependsOn": ["w"], "with": { "url": "{{{Url("/echo")}}}" } } ] }
        """);
        var id = Unique("wf");
        var (grain, _) = await Cluster.StartAsync(name, workflowId: id);

        var paused = await grain.PauseAsync("change window");
        var signalled = await grain.SignalAsync("go", Json("""{ "v": 1 }"""));
        var whilePaused = await grain.GetAsync();
        var pausedTwice = await grain.PauseAsync("again");

        paused.Outcome.Should().Be(ControlWorkflowOutcome.Applied);
        paused.Snapshot!.Status.Should().Be(WorkflowStatus.Paused);
        Cluster.Index!.Rows.Single(r => r.WorkflowId == id).Status.Should().Be(WorkflowStatus.Paused);
        signalled.Snapshot!.Steps[0].Status.Should().Be(StepStatus.Completed, "a signal is recorded while paused");
        whilePaused!.Status.Should().Be(WorkflowStatus.Paused);
        whilePaused.Steps[1].Status.Should().Be(StepStatus.Pending);
        pausedTwice.Outcome.Should().Be(ControlWorkflowOutcome.Conflict);
        KeysOf(id).Should().BeEmpty("nothing is dispatched while paused");

        var unpaused = await grain.UnpauseAsync();
        var done = await AutomationTestCluster.WaitAsync(grain);
        var unpausedTwice = await grain.UnpauseAsync();

        unpaused.Outcome.Should().Be(ControlWorkflowOutcome.Applied);
        done.Status.Should().Be(WorkflowStatus.Completed);
        KeysOf(id).Should().Equal($"{id}:call:1");
        unpausedTwice.Outcome.Should().Be(ControlWorkflowOutcome.Conflict);
        unpausedTwice.Problem.Should().Contain("Completed");
        (await grain.GetHistoryAsync())!.Select(e => e.GetType().Name).Should().ContainInOrder(
            "WorkflowPaused", "SignalReceived", "StepCompleted", "WorkflowResumed", "StepScheduled", "StepCompleted", "WorkflowCompleted");
    }

    [Fact]
    public async Task Pause_WhileAnHttpStepRuns_TheStepFinishesAndItsDependentWaitsForUnpause()
    {
        var name = Unique("pauserun");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [
            { "id": "slow", "type": "http", "with": { "url": "{{{Url("/slow/1500")}}}" } },
            { "id": "next", "type": "http", "dependsOn": ["slow"], "with": { "url": "{{{Url("/echo")}}}" } } ] }
        """);
        var id = Unique("wf");
        var (grain, _) = await Cluster.StartAsync(name, workflowId: id);
        await Target.Received($"{id}:slow:1").WaitAsync(TimeSpan.FromSeconds(30)); // hang guard only

        var paused = await grain.PauseAsync(null);
        var finished = await WaitForAsync(grain, s => s.Steps[0].Status == StepStatus.Completed);

        paused.Snapshot!.Steps[0].Status.Should().Be(StepStatus.Running, "the pause came while the call was in flight");
        finished.Status.Should().Be(WorkflowStatus.Paused);
        finished.Steps[0].Output!.Value.GetProperty("body").GetProperty("sleptMs").GetInt32().Should().Be(1500);
        finished.Steps[1].Status.Should().Be(StepStatus.Pending);
        KeysOf(id).Should().Equal($"{id}:slow:1");

        await grain.UnpauseAsync();
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Completed);
        KeysOf(id).Should().Equal($"{id}:slow:1", $"{id}:next:1");
    }

    [Fact]
    public async Task Retry_FromFailed_ReRunsTheFailedStepAndKeepsCompletedOutputs()
    {
        var name = Unique("retry");
        var key = Guid.NewGuid().ToString("N");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [
            { "id": "first", "type": "http", "with": { "url": "{{{Url("/echo")}}}?n=1" } },
            { "id": "flaky", "type": "http", "dependsOn": ["first"], "retry": { "maxAttempts": 1 },
              "with": { "url": "{{{Url($"/flaky/1/{key}")}}}" } } ] }
        """);
        var id = Unique("wf");
        var (grain, _) = await Cluster.StartAsync(name, workflowId: id);
        var failed = await AutomationTestCluster.WaitAsync(grain);
        failed.Status.Should().Be(WorkflowStatus.Failed);
        failed.Error!.Type.Should().Be("http.503");
        var firstOutput = failed.Steps[0].Output!.Value.GetRawText();

        var retried = await grain.RetryAsync(new RetryWorkflowCommand(null, "upstream fixed") { By = "ada" });
        var done = await AutomationTestCluster.WaitAsync(grain);

        retried.Outcome.Should().Be(ControlWorkflowOutcome.Applied);
        retried.Snapshot!.Status.Should().Be(WorkflowStatus.Running);
        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Error.Should().BeNull();
        done.Steps[0].Output!.Value.GetRawText().Should().Be(firstOutput, "a completed step keeps its output and does not run again");
        done.Steps[1].Output!.Value.GetProperty("body").GetProperty("calls").GetInt32().Should().Be(2);
        done.Steps[1].Attempts.Should().Be(2);
        Target.FlakyCalls(key).Should().Be(2);
        KeysOf(id).Should().Equal($"{id}:first:1", $"{id}:flaky:1", $"{id}:flaky:2");
        (await grain.GetHistoryAsync())!.OfType<WorkflowRetried>().Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Steps = new[] { "flaky" }, InputPatched = false, Reason = "upstream fixed", By = "ada" });
        Cluster.Index!.Rows.Single(r => r.WorkflowId == id).Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public async Task Retry_TerminatedMidCall_WithInputPatch_RunsAHigherAttemptWithThePatchedInput()
    {
        var name = Unique("retrypatch");
        await Cluster.RegisterAsync(name, $$$"""
        { "input": { "type": "object", "required": ["ms"], "properties": { "ms": { "type": "integer", "minimum": 1 } } },
          "steps": [ { "id": "call", "type": "http", "timeout": "1m", "with": { "url": "{{{Target.BaseUrl}}}/slow/{{ input.ms }}" } } ] }
        """);
        var id = Unique("wf");
        var (grain, _) = await Cluster.StartAsync(name, """{ "ms": 30000 }""", workflowId: id);
        await Target.Received($"{id}:call:1").WaitAsync(TimeSpan.FromSeconds(30)); // hang guard only
        await grain.TerminateAsync("too slow");

        var invalid = await grain.RetryAsync(new RetryWorkflowCommand(Json("""{ "ms": 0 }"""), null));
        var retried = await grain.RetryAsync(new RetryWorkflowCommand(Json("""{ "ms": 10 }"""), "faster"));
        var done = await AutomationTestCluster.WaitAsync(grain);

        invalid.Outcome.Should().Be(ControlWorkflowOutcome.InputInvalid);
        invalid.Errors.Should().ContainSingle().Which.Path.Should().Be("$.input.ms");
        invalid.Snapshot!.Status.Should().Be(WorkflowStatus.Terminated, "an invalid patch changes nothing");
        retried.Outcome.Should().Be(ControlWorkflowOutcome.Applied);
        done.Status.Should().Be(WorkflowStatus.Completed, string.Join(", ", done.Steps.Select(s => $"{s.Id}={s.Status}")));
        done.Input.GetProperty("ms").GetInt32().Should().Be(10);
        done.Steps[0].Output!.Value.GetProperty("body").GetProperty("sleptMs").GetInt32().Should().Be(10);
        KeysOf(id).Should().Equal([$"{id}:call:1", $"{id}:call:2"],
            "the retried step runs a new attempt with a new idempotency key: a target that deduplicates would otherwise drop it as the cancelled call");
    }

    [Fact]
    public async Task Retry_RightAfterTerminate_RunsTheNewAttemptOnceAfterTheCancelledOne()
    {
        var name = Unique("retrysoon");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "call", "type": "http", "timeout": "1m", "with": { "url": "{{{Target.BaseUrl}}}/slow/{{ input.ms }}" } } ] }
        """);
        var id = Unique("wf");
        var (grain, _) = await Cluster.StartAsync(name, """{ "ms": 30000 }""", workflowId: id);
        await Target.Received($"{id}:call:1").WaitAsync(TimeSpan.FromSeconds(30)); // hang guard only

        await grain.TerminateAsync(null); // the task grain has been told to cancel when this returns
        await grain.RetryAsync(new RetryWorkflowCommand(Json("""{ "ms": 300 }"""), null));
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Steps[0].Attempts.Should().Be(2);
        KeysOf(id).Should().Equal([$"{id}:call:1", $"{id}:call:2"], "the new attempt runs once, not cut off by the cancel of the old one");
    }

    [Fact]
    public async Task Controls_UnknownWorkflow_AreNotFound()
    {
        var grain = Cluster.Client.GetGrain<IWorkflowGrain>(Unique("nobody"));

        var results = new[]
        {
            await grain.TerminateAsync("x"),
            await grain.PauseAsync("x"),
            await grain.UnpauseAsync(),
            await grain.RetryAsync(new RetryWorkflowCommand(null, null)),
        };

        results.Should().OnlyContain(r => r.Outcome == ControlWorkflowOutcome.NotFound && r.Snapshot == null);
        (await grain.GetAsync()).Should().BeNull("a control request creates nothing");
    }

    [Fact]
    public async Task Controls_WrongStatus_AreConflictsAndChangeNothing()
    {
        var name = Unique("conflict");
        await Cluster.RegisterAsync(name, """
        { "signals": ["go"], "steps": [ { "id": "w", "type": "wait", "with": { "signal": "go" } } ] }
        """);
        var (running, _) = await Cluster.StartAsync(name);
        var (finished, _) = await Cluster.StartAsync(name);
        await finished.SignalAsync("go", Json("1"));
        (await AutomationTestCluster.WaitAsync(finished)).Status.Should().Be(WorkflowStatus.Completed);
        var runningEvents = (await running.GetHistoryAsync())!.Count;

        var retryRunning = await running.RetryAsync(new RetryWorkflowCommand(Json("""{ "x": 1 }"""), null));
        var unpauseRunning = await running.UnpauseAsync();
        var pauseFinished = await finished.PauseAsync(null);
        var retryFinished = await finished.RetryAsync(new RetryWorkflowCommand(null, null));
        var terminateFinished = await finished.TerminateAsync(null);

        retryRunning.Outcome.Should().Be(ControlWorkflowOutcome.Conflict);
        retryRunning.Problem.Should().Be("Only a failed, timed-out, terminated or cancelled workflow can be retried; this one is Running.");
        unpauseRunning.Outcome.Should().Be(ControlWorkflowOutcome.Conflict);
        unpauseRunning.Problem.Should().Contain("Only a paused workflow can be resumed");
        pauseFinished.Outcome.Should().Be(ControlWorkflowOutcome.Conflict);
        pauseFinished.Problem.Should().Contain("Only a running workflow can be paused");
        retryFinished.Outcome.Should().Be(ControlWorkflowOutcome.Conflict);
        terminateFinished.Outcome.Should().Be(ControlWorkflowOutcome.Conflict);
        new[] { retryRunning, unpauseRunning, pauseFinished, retryFinished, terminateFinished }.Should().OnlyContain(r => r.Snapshot != null);
        (await running.GetAsync())!.Status.Should().Be(WorkflowStatus.Running);
        (await running.GetAsync())!.Input.GetRawText().Should().Be("{}");
        (await running.GetHistoryAsync())!.Count.Should().Be(runningEvents);
        (await finished.GetAsync())!.Status.Should().Be(WorkflowStatus.Completed);
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

            // Count first, then look: a transition counted here shows in the state read after it (counting after the
            // snapshot could skip a short-lived state, and the next wait would wait for the change after it).
            var count = (await grain.GetHistoryAsync())!.Count;
            snapshot = (await grain.GetAsync())!;
            if (done(snapshot))
            {
                return snapshot;
            }

            seen = count;
        }

        throw new TimeoutException($"Condition never held: {string.Join(", ", (await grain.GetAsync())!.Steps.Select(s => $"{s.Id}={s.Status}"))}");
    }
}
