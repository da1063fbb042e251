using System.Text.Json;
using System.Text.Json.Nodes;
using Automation.Engine.Execution;
using Automation.Engine.Workflows;
using Automation.Events;
using Automation.Workflows;

namespace Automation.Engine.Tests.Workflows;

/// <summary>Workflow-level controls on the pure engine: terminate, pause/unpause and retry (unit tier, fake clock).</summary>
public sealed class WorkflowControlsTests
{
    private const string Chain = """
    { "steps": [
        { "id": "a", "type": "http", "with": { "url": "http://svc/a" } },
        { "id": "b", "type": "http", "dependsOn": ["a"], "with": { "url": "http://svc/b/{{ steps.a.output.n | default: 0 }}" } } ] }
    """;

    private static StepResult Ok(string json) => StepResult.Success(JsonDocument.Parse(json).RootElement.Clone());

    private static StepResult Fails(string type, bool retryable = true) => StepResult.Failure(type, $"{type} happened", retryable);

    private static IEnumerable<int> Attempts(EngineHarness h, string stepId) => h.Dispatched.Where(r => r.StepId == stepId).Select(r => r.Attempt);

    // ---- terminate ----

    [Fact]
    public void Terminate_RunningWorkflow_CancelsTheRunningTaskAndThePendingSteps()
    {
        var h = new EngineHarness(Chain);
        h.Start();

        var terminated = h.Terminate("operator said so");

        terminated.Cancel.Should().Equal("a");
        h.Cancelled.Should().Equal("a");
        h.Step("a").Status.Should().Be(StepStatus.Cancelled);
        h.Step("b").Status.Should().Be(StepStatus.Cancelled, "a terminated workflow's pending steps never run");
        h.State.Status.Should().Be(WorkflowStatus.Terminated);
        h.State.Error.Should().Be(new StepError("terminated", "operator said so", Retryable: false));
        h.State.CompletedAt.Should().Be(h.Time.GetUtcNow());
        terminated.Events.OfType<WorkflowTerminated>().Should().ContainSingle().Which.Reason.Should().Be("operator said so");
        h.Execution.NextDueAt().Should().BeNull();
    }

    [Fact]
    public async Task Terminate_RunningTaskReportsLate_ReportIsIgnored()
    {
        var h = new EngineHarness(Chain);
        h.Start();
        var request = h.Dispatched.Single();
        h.Terminate();
        var at = h.Time.GetUtcNow();

        var late = h.Report(new Tasks.TaskReport("a", Tasks.TaskReportKind.Completed, request.Attempt, at, at, null, null, null));
        await h.RunDueAsync();

        late.StateChanged.Should().BeFalse();
        h.State.Status.Should().Be(WorkflowStatus.Terminated);
        h.Step("a").Status.Should().Be(StepStatus.Cancelled);
    }

    [Fact]
    public void Terminate_PausedWorkflow_Terminates()
    {
        var h = new EngineHarness(Chain);
        h.Start();
        h.Pause("look first");

        var terminated = h.Terminate(null);

        terminated.Cancel.Should().Equal("a");
        h.State.Status.Should().Be(WorkflowStatus.Terminated);
        h.State.Error!.Type.Should().Be(WorkflowExecution.TerminatedError);
        h.State.Error.Message.Should().Be("Terminated on request.");
        h.History.Should().EndWith(["WorkflowPaused", "StepCancelled", "StepCancelled", "WorkflowTerminated"]);
    }

    [Theory]
    [InlineData(WorkflowStatus.Completed)]
    [InlineData(WorkflowStatus.Failed)]
    [InlineData(WorkflowStatus.Cancelled)]
    [InlineData(WorkflowStatus.Terminated)]
    public async Task Terminate_FinishedWorkflow_ChangesNothing(WorkflowStatus finished)
    {
        var h = await FinishedAsync(finished);
        var events = h.State.HistoryLength;

        var again = h.Terminate("too late");

        again.StateChanged.Should().BeFalse();
        again.Cancel.Should().BeEmpty();
        h.State.Status.Should().Be(finished);
        h.State.HistoryLength.Should().Be(events);
    }

    // ---- pause / unpause ----

    [Fact]
    public async Task Pause_RunningStepReports_ReportIsRecordedButDependentsAreNotActivated()
    {
        var h = new EngineHarness(Chain).Script("a", Ok("""{"n":7}"""));
        h.Start();

        var paused = h.Pause("maintenance");
        await h.RunDueAsync();

        paused.Events.OfType<WorkflowPaused>().Should().ContainSingle().Which.Reason.Should().Be("maintenance");
        paused.Cancel.Should().BeEmpty("a pause lets running steps finish");
        h.Step("a").Status.Should().Be(StepStatus.Completed);
        h.Step("a").Output!.Value.Compact().Should().Be("""{"n":7}""");
        h.Step("b").Status.Should().Be(StepStatus.Pending);
        h.Dispatched.Select(r => r.StepId).Should().Equal("a");
        h.State.Status.Should().Be(WorkflowStatus.Paused);
        h.History.Should().NotContain("WorkflowCompleted");
    }

    [Fact]
    public async Task Pause_DueRetry_IsNotDispatchedAndNotArmed()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "r", "type": "http", "retry": { "maxAttempts": 3, "initialInterval": "1m" }, "with": { "url": "http://svc/r" } } ] }
        """).Script("r", Fails("http.503"), Ok("""{"ok":1}"""));
        h.Start();
        await h.RunDueAsync();
        h.Step("r").Status.Should().Be(StepStatus.Retrying);

        h.Pause();
        var dueWhilePaused = h.Execution.NextDueAt();
        h.Time.Advance(TimeSpan.FromMinutes(5));
        var resumed = h.Resume();

        dueWhilePaused.Should().BeNull("a paused workflow arms no timer for a retry it will not dispatch");
        resumed.Dispatch.Should().BeEmpty();
        h.Step("r").Status.Should().Be(StepStatus.Retrying);
        Attempts(h, "r").Should().Equal(1);
    }

    [Fact]
    public async Task Unpause_DispatchesTheStepThatBecameReadyAndTheRetryThatBecameDue()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "a", "type": "http", "with": { "url": "http://svc/a" } },
            { "id": "b", "type": "http", "dependsOn": ["a"], "with": { "url": "http://svc/b" } },
            { "id": "r", "type": "http", "retry": { "maxAttempts": 3, "initialInterval": "1m" }, "with": { "url": "http://svc/r" } } ] }
        """).Script("r", Fails("http.503"), Ok("""{"ok":1}"""));
        var at = h.Time.GetUtcNow();
        h.Start();
        h.Pause();
        await h.RunDueAsync(); // a completes, r fails its first attempt, both while paused
        h.Time.Advance(TimeSpan.FromMinutes(2));
        h.Resume();
        h.Dispatched.Select(r => r.StepId).Should().Equal("a", "r");

        var unpaused = h.Unpause();

        unpaused.Events.OfType<WorkflowResumed>().Should().ContainSingle();
        unpaused.Dispatch.Select(r => (r.StepId, r.Attempt)).Should().BeEquivalentTo([("b", 1), ("r", 2)]);
        h.State.Status.Should().Be(WorkflowStatus.Running);
        await h.RunDueAsync();
        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.State.CompletedAt.Should().Be(at.AddMinutes(2));
    }

    [Fact]
    public void Unpause_RetryNotYetDue_IsArmedAgain()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "r", "type": "http", "retry": { "maxAttempts": 3, "initialInterval": "1m" }, "with": { "url": "http://svc/r" } } ] }
        """);
        h.Start();
        var at = h.Time.GetUtcNow();
        h.Report(new Tasks.TaskReport("r", Tasks.TaskReportKind.Failed, 1, at, at, null, new StepError("http.503", "x", Retryable: true), null));
        h.Pause();

        var unpaused = h.Unpause();

        unpaused.Dispatch.Should().BeEmpty();
        h.Execution.NextDueAt().Should().Be(at.AddMinutes(1));
    }

    [Fact]
    public void Pause_WaitStepGetsItsSignal_SignalIsRecordedAndTheNextStepWaitsForUnpause()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "w", "type": "wait", "with": { "signal": "go" } },
            { "id": "t", "type": "transform", "dependsOn": ["w"], "with": { "value": "{{ steps.w.output.v }}" } } ] }
        """);
        h.Start();
        h.Pause();

        var signalled = h.Signal("go", """{ "v": 3 }""");

        signalled.Events.OfType<SignalReceived>().Should().ContainSingle().Which.StepId.Should().Be("w");
        h.Step("w").Status.Should().Be(StepStatus.Completed);
        h.Step("t").Status.Should().Be(StepStatus.Pending);
        h.State.Status.Should().Be(WorkflowStatus.Paused);

        h.Unpause();

        h.Step("t").Output!.Value.Compact().Should().Be("3");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public void Pause_ApprovalStep_ApprovalIsRecordedWhilePaused()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "ok", "type": "wait", "with": { "approval": { "approvers": ["role:operator"] } } },
                     { "id": "t", "type": "transform", "dependsOn": ["ok"], "with": { "value": 1 } } ] }
        """);
        h.Start();
        h.Pause();

        h.Approve("ok", approved: true, "ada");

        h.Step("ok").Status.Should().Be(StepStatus.Completed);
        h.Step("t").Status.Should().Be(StepStatus.Pending);
        h.State.Status.Should().Be(WorkflowStatus.Paused);
    }

    [Fact]
    public async Task Pause_LastRunningStepCompletes_WorkflowCompletes()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "a", "type": "http", "with": { "url": "http://svc/a" } } ] }""");
        h.Start();
        h.Pause();

        await h.RunDueAsync();

        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.History.Should().EndWith(["StepCompleted", "WorkflowCompleted"]);
    }

    [Fact]
    public void Pause_WorkflowTimeoutPassesWhilePaused_TimesOut()
    {
        var h = new EngineHarness("""{ "timeout": "1h", "steps": [ { "id": "a", "type": "http", "with": { "url": "http://svc/a" } } ] }""");
        var createdAt = h.Time.GetUtcNow();
        h.Start();
        h.Pause();

        var due = h.Execution.NextDueAt();
        h.Time.Advance(TimeSpan.FromHours(1));
        var timedOut = h.Resume();

        due.Should().Be(createdAt.AddHours(1), "the workflow timeout still applies while paused");
        timedOut.Cancel.Should().Equal("a");
        h.State.Status.Should().Be(WorkflowStatus.TimedOut);
        h.State.Error!.Type.Should().Be(WorkflowExecution.WorkflowTimeoutError);
        timedOut.Events.OfType<WorkflowTimedOut>().Should().ContainSingle();
    }

    [Fact]
    public void Unpause_AfterTheDeadline_TimesOutInsteadOfDispatching()
    {
        var h = new EngineHarness("""
        { "timeout": "1h", "steps": [
            { "id": "w", "type": "wait", "with": { "signal": "go" } },
            { "id": "b", "type": "http", "dependsOn": ["w"], "with": { "url": "http://svc/b" } } ] }
        """);
        h.Start();
        h.Pause();
        h.Signal("go");
        h.Time.Advance(TimeSpan.FromHours(2));

        var unpaused = h.Unpause();

        unpaused.Dispatch.Should().BeEmpty();
        h.State.Status.Should().Be(WorkflowStatus.TimedOut);
    }

    [Theory]
    [InlineData(WorkflowStatus.Completed)]
    [InlineData(WorkflowStatus.Failed)]
    [InlineData(WorkflowStatus.Terminated)]
    public async Task PauseAndUnpause_NotRunningOrNotPaused_ChangeNothing(WorkflowStatus finished)
    {
        var h = await FinishedAsync(finished);
        var running = new EngineHarness(Chain);
        running.Start();

        h.Pause().StateChanged.Should().BeFalse();
        h.Unpause().StateChanged.Should().BeFalse();
        running.Unpause().StateChanged.Should().BeFalse();

        h.State.Status.Should().Be(finished);
        running.State.Status.Should().Be(WorkflowStatus.Running);
    }

    // ---- retry ----

    [Fact]
    public async Task Retry_FailedChain_RunsTheFailedStepWithAFreshBudgetAndKeepsCompletedOutputs()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "a", "type": "http", "with": { "url": "http://svc/a" } },
            { "id": "b", "type": "http", "dependsOn": ["a"], "retry": { "maxAttempts": 2, "initialInterval": "10s" },
              "with": { "url": "http://svc/b/{{ steps.a.output.n }}" } } ] }
        """).Script("a", Ok("""{"n":5}""")).Script("b", Fails("http.503"), Fails("http.503"), Fails("http.503"), Ok("""{"done":true}"""));
        await h.RunToEndAsync(h.Start);
        h.State.Status.Should().Be(WorkflowStatus.Failed);
        Attempts(h, "b").Should().Equal(1, 2);

        var retried = h.Retry(reason: "fixed upstream", by: "ada");
        var retryAt = h.Time.GetUtcNow();
        await h.RunDueAsync();
        var backOff = h.Step("b").NextAttemptAt;
        await h.RunToEndAsync();

        retried.Events.OfType<WorkflowRetried>().Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Steps = new[] { "b" }, InputPatched = false, Reason = "fixed upstream", By = "ada" });
        retried.Dispatch.Should().ContainSingle().Which.Should().BeEquivalentTo(new { StepId = "b", Attempt = 3 }, "attempt numbers keep growing");
        retried.Dispatch.Single().With.GetProperty("url").GetString().Should().Be("http://svc/b/5");
        backOff.Should().Be(retryAt.AddSeconds(10), "the back-off starts again from the initial interval");
        Attempts(h, "a").Should().Equal(1);
        Attempts(h, "b").Should().Equal(1, 2, 3, 4);
        h.Step("a").Output!.Value.Compact().Should().Be("""{"n":5}""");
        h.Step("b").Status.Should().Be(StepStatus.Completed);
        h.Step("b").AttemptBase.Should().Be(2);
        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.State.Error.Should().BeNull();
        h.State.History.OfType<StepRetrying>().Select(e => e.Attempt).Should().Equal(1, 3);
    }

    [Fact]
    public async Task Retry_FreshBudgetExhaustedAgain_FailsAfterMaxAttemptsOfTheNewRun()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "b", "type": "http", "retry": { "maxAttempts": 2, "initialInterval": "1s" }, "with": { "url": "http://svc/b" } } ] }
        """).Script("b", Fails("http.503"));
        await h.RunToEndAsync(h.Start);

        h.Retry();
        await h.RunToEndAsync();

        h.State.Status.Should().Be(WorkflowStatus.Failed);
        Attempts(h, "b").Should().Equal(1, 2, 3, 4);
        h.Step("b").AttemptsFinished.Should().Be(4);
        h.Step("b").Failures.Select(f => f.Attempt).Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public async Task Retry_TimedOutWorkflow_GetsAFreshDeadlineFromTheRetry()
    {
        var h = new EngineHarness("""
        { "timeout": "1h", "steps": [
            { "id": "a", "type": "transform", "with": { "value": 1 } },
            { "id": "nap", "type": "delay", "dependsOn": ["a"], "with": { "duration": "2h" } },
            { "id": "c", "type": "transform", "dependsOn": ["nap"], "with": { "value": "{{ steps.a.output }}" } } ] }
        """);
        var createdAt = h.Time.GetUtcNow();
        await h.RunToEndAsync(h.Start);
        h.State.Status.Should().Be(WorkflowStatus.TimedOut);
        h.State.CompletedAt.Should().Be(createdAt.AddHours(1));
        h.Time.Advance(TimeSpan.FromMinutes(30));
        var retryAt = h.Time.GetUtcNow();

        h.Retry();

        h.State.Status.Should().Be(WorkflowStatus.Running);
        h.State.RunStartedAt.Should().Be(retryAt);
        h.Step("nap").Status.Should().Be(StepStatus.Waiting);
        h.Step("nap").WakeAt.Should().Be(retryAt.AddHours(2));
        h.Execution.NextDueAt().Should().Be(retryAt.AddHours(1), "the deadline counts from the retry, not from the creation");
        h.Time.Advance(TimeSpan.FromMinutes(59));
        h.Resume().StateChanged.Should().BeFalse("the old deadline has long passed, the new one has not");
        await h.RunToEndAsync();
        h.State.Status.Should().Be(WorkflowStatus.TimedOut);
        h.State.CompletedAt.Should().Be(retryAt.AddHours(1));
        h.State.History.OfType<WorkflowTimedOut>().Should().HaveCount(2);
        h.Step("a").Status.Should().Be(StepStatus.Completed);
    }

    [Fact]
    public async Task Retry_TimedOutWhileAStepRan_ReRunsItWithAHigherAttempt()
    {
        var h = new EngineHarness("""{ "timeout": "1h", "steps": [ { "id": "a", "type": "http", "with": { "url": "http://svc/a" } } ] }""");
        h.Start(); // attempt 1 dispatched, never reports
        h.Time.Advance(TimeSpan.FromHours(1));
        h.Resume();
        h.State.Status.Should().Be(WorkflowStatus.TimedOut);

        var retried = h.Retry();
        await h.RunDueAsync();

        retried.Dispatch.Should().ContainSingle().Which.Attempt.Should().BeGreaterThan(1,
            "attempt 1 was dispatched and cancelled: the task grain refuses it again, and a late report of it must not count for the retry");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("terminate")]
    public async Task Retry_StoppedWhileTheSecondStepRan_ReRunsOnlyThatStepWithAHigherAttempt(string stop)
    {
        var h = new EngineHarness(Chain).Script("a", Ok("""{"n":9}"""));
        h.Start();
        var first = h.Dispatched.Single(); // a
        h.Report(new Tasks.TaskReport("a", Tasks.TaskReportKind.Completed, first.Attempt, h.Time.GetUtcNow(), h.Time.GetUtcNow(), Ok("""{"n":9}""").Output, null, null));
        h.Dispatched.Last().StepId.Should().Be("b");
        _ = stop == "cancel" ? h.Cancel("stop") : h.Terminate("stop");
        h.State.Status.Should().Be(stop == "cancel" ? WorkflowStatus.Cancelled : WorkflowStatus.Terminated);

        var retried = h.Retry();
        var lateOldAttempt = h.Report(new Tasks.TaskReport("b", Tasks.TaskReportKind.Failed, 1, h.Time.GetUtcNow(), h.Time.GetUtcNow(), null,
            new StepError("http.500", "the cancelled attempt's late report", Retryable: false), null));
        await h.RunDueAsync();

        retried.Events.OfType<WorkflowRetried>().Single().Steps.Should().Equal("b");
        retried.Dispatch.Should().ContainSingle().Which.StepId.Should().Be("b");
        retried.Dispatch.Single().Attempt.Should().BeGreaterThan(1, "attempt 1 of b was dispatched and then cancelled");
        retried.Dispatch.Single().With.GetProperty("url").GetString().Should().Be("http://svc/b/9");
        lateOldAttempt.StateChanged.Should().BeFalse("a report of the cancelled attempt does not count for the retried step");
        Attempts(h, "a").Should().Equal(1);
        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.State.Error.Should().BeNull();
        h.Step("a").Output!.Value.Compact().Should().Be("""{"n":9}""");
    }

    [Fact]
    public async Task Retry_TerminatedDuringBackOff_RunsTheNextAttemptAtOnce()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "r", "type": "http", "retry": { "maxAttempts": 3, "initialInterval": "1h" }, "with": { "url": "http://svc/r" } } ] }
        """).Script("r", Fails("http.503"), Ok("""{"ok":1}"""));
        h.Start();
        await h.RunDueAsync();
        h.Terminate();

        var retried = h.Retry();
        await h.RunDueAsync();

        retried.Dispatch.Should().ContainSingle().Which.Attempt.Should().Be(2);
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public async Task Retry_ParallelStepCancelledByAFailure_BothRunAgainWithHigherAttempts()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "a", "type": "http", "with": { "url": "http://svc/a" } },
            { "id": "b", "type": "http", "with": { "url": "http://svc/b" } } ] }
        """).Script("b", Fails("http.404", retryable: false), Ok("{}"));
        h.Start();
        var at = h.Time.GetUtcNow();
        h.Report(new Tasks.TaskReport("b", Tasks.TaskReportKind.Failed, 1, at, at, null, new StepError("http.404", "gone", Retryable: false), null));
        h.Step("a").Status.Should().Be(StepStatus.Cancelled, "a failure stops the steps running beside it");

        var retried = h.Retry();
        await h.RunDueAsync();

        retried.Dispatch.Select(r => (r.StepId, r.Attempt)).Should().BeEquivalentTo([("a", 2), ("b", 2)]);
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public async Task Retry_OutputTemplateFailed_WithAPatchThatSuppliesTheData_Completes()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ],
          "output": { "label": "{{ input.label }}", "a": "{{ steps.a.output }}" } }
        """);
        h.Start();
        h.State.Status.Should().Be(WorkflowStatus.Failed);
        h.State.Error!.Type.Should().Be("template");

        var retried = h.Retry("""{ "label": "x" }""");
        await h.RunDueAsync();

        retried.Events.OfType<WorkflowRetried>().Single().Steps.Should().BeEmpty("every step had completed");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.State.Output!.Value.Compact().Should().Be("""{"label":"x","a":1}""");
    }

    [Fact]
    public void Cancel_PausedWorkflow_Cancels()
    {
        var h = new EngineHarness(Chain);
        h.Start();
        h.Pause();

        var cancelled = h.Cancel("no");

        cancelled.Cancel.Should().Equal("a");
        h.State.Status.Should().Be(WorkflowStatus.Cancelled);
    }

    [Theory]
    [InlineData(WorkflowStatus.Running)]
    [InlineData(WorkflowStatus.Paused)]
    [InlineData(WorkflowStatus.Completed)]
    public async Task Retry_NotRetryableStatus_ReturnsAProblemAndChangesNothing(WorkflowStatus status)
    {
        var h = new EngineHarness(Chain);
        if (status == WorkflowStatus.Completed)
        {
            await h.RunToEndAsync(h.Start);
        }
        else
        {
            h.Start();
            if (status == WorkflowStatus.Paused)
            {
                h.Pause();
            }
        }

        var events = h.State.HistoryLength;
        var input = h.State.Input.Compact();
        var dispatched = h.Dispatched.Count;

        var errors = h.Execution.CheckRetry(EngineHarness.RetryCommand("""{ "x": 1 }"""), out _, out var problem);
        var retried = h.Retry("""{ "x": 1 }""");

        problem.Should().Be($"Only a failed, timed-out, terminated or cancelled workflow can be retried; this one is {status}.");
        errors.Should().BeEmpty();
        retried.StateChanged.Should().BeFalse();
        retried.Dispatch.Should().BeEmpty();
        h.State.Status.Should().Be(status);
        h.State.HistoryLength.Should().Be(events);
        h.State.Input.Compact().Should().Be(input);
        h.Dispatched.Should().HaveCount(dispatched);
    }

    [Fact]
    public async Task Retry_WithInputPatch_MergesTheInputAndTheReRunStepReadsIt()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "a", "type": "transform", "with": { "value": "{{ input.target.host }}" } },
            { "id": "b", "type": "http", "dependsOn": ["a"],
              "with": { "url": "http://{{ input.target.host }}:{{ input.target.port }}/{{ input.token | default: 'none' }}" } } ] }
        """).Script("b", Fails("http.404", retryable: false), Ok("""{"ok":1}"""));
        await h.RunToEndAsync(() => h.Start("""{ "target": { "host": "old", "port": 81 }, "token": "t1", "keep": [1, 2] }"""));
        h.State.Status.Should().Be(WorkflowStatus.Failed);
        h.Dispatched.Single(r => r.StepId == "b").With.GetProperty("url").GetString().Should().Be("http://old:81/t1");

        var retried = h.Retry("""{ "target": { "host": "new" }, "token": null }""");
        await h.RunDueAsync();

        retried.Events.OfType<WorkflowRetried>().Single().InputPatched.Should().BeTrue();
        JsonNode.DeepEquals(JsonNode.Parse(h.State.Input.GetRawText()), JsonNode.Parse("""{ "target": { "host": "new", "port": 81 }, "keep": [1, 2] }"""))
            .Should().BeTrue(h.State.Input.GetRawText());
        retried.Dispatch.Single().With.GetProperty("url").GetString().Should().Be("http://new:81/none");
        h.Step("a").Output!.Value.GetString().Should().Be("old", "a completed step keeps the output it had");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public async Task Retry_PatchViolatesTheInputSchema_ReturnsTheErrorsAndChangesNothing()
    {
        var h = new EngineHarness("""
        { "input": { "type": "object", "required": ["amount"], "properties": { "amount": { "type": "number", "minimum": 0 } } },
          "steps": [ { "id": "b", "type": "http", "with": { "url": "http://svc/{{ input.amount }}" } } ] }
        """).Script("b", Fails("http.404", retryable: false));
        await h.RunToEndAsync(() => h.Start("""{ "amount": 5 }"""));
        var events = h.State.HistoryLength;

        var negative = h.Execution.CheckRetry(EngineHarness.RetryCommand("""{ "amount": -1 }"""), out _, out var problem);
        var removed = h.Execution.CheckRetry(EngineHarness.RetryCommand("""{ "amount": null }"""), out var patched, out _);
        var retried = h.Retry("""{ "amount": -1 }""");

        problem.Should().BeNull();
        negative.Should().ContainSingle().Which.Path.Should().Be("$.input.amount");
        removed.Should().ContainSingle().Which.Message.Should().Contain("amount");
        patched.Compact().Should().Be("{}");
        retried.StateChanged.Should().BeFalse();
        retried.Dispatch.Should().BeEmpty();
        h.State.Status.Should().Be(WorkflowStatus.Failed);
        h.State.Input.Compact().Should().Be("""{"amount":5}""");
        h.State.HistoryLength.Should().Be(events);
    }

    [Fact]
    public async Task Retry_ValidPatch_IsCheckedAgainstTheSchemaAndApplied()
    {
        var h = new EngineHarness("""
        { "input": { "type": "object", "required": ["amount"], "properties": { "amount": { "type": "number", "minimum": 0 } } },
          "steps": [ { "id": "b", "type": "http", "with": { "url": "http://svc/{{ input.amount }}" } } ] }
        """).Script("b", Fails("http.404", retryable: false), Ok("{}"));
        await h.RunToEndAsync(() => h.Start("""{ "amount": 5 }"""));

        var errors = h.Execution.CheckRetry(EngineHarness.RetryCommand("""{ "amount": 6 }"""), out _, out var problem);
        var retried = h.Retry("""{ "amount": 6 }""");
        await h.RunDueAsync();

        errors.Should().BeEmpty();
        problem.Should().BeNull();
        retried.Dispatch.Single().With.GetProperty("url").GetString().Should().Be("http://svc/6");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    // ---- JSON Merge Patch ----

    /// <summary>RFC 7396, Appendix A: every example.</summary>
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void JsonMergePatch_Rfc7396AppendixA(string original, string patch, string expected)
    {
        using var target = JsonDocument.Parse(original);
        using var patchDocument = JsonDocument.Parse(patch);

        var result = JsonMergePatch.Apply(target.RootElement, patchDocument.RootElement);

        JsonNode.DeepEquals(JsonNode.Parse(result.GetRawText()), JsonNode.Parse(expected)).Should().BeTrue($"{original} + {patch} = {expected}, not {result.GetRawText()}");
    }

    [Fact]
    public void JsonMergePatch_LeavesTheTargetUnchanged()
    {
        using var target = JsonDocument.Parse("""{"a":{"b":1}}""");
        using var patch = JsonDocument.Parse("""{"a":{"b":2}}""");

        JsonMergePatch.Apply(target.RootElement, patch.RootElement);

        target.RootElement.GetRawText().Should().Be("""{"a":{"b":1}}""");
    }

    /// <summary>A harness whose workflow ended with <paramref name="status"/>.</summary>
    private static async Task<EngineHarness> FinishedAsync(WorkflowStatus status)
    {
        var h = new EngineHarness(Chain);
        switch (status)
        {
            case WorkflowStatus.Completed:
                await h.RunToEndAsync(h.Start);
                break;
            case WorkflowStatus.Failed:
                h.Script("a", Fails("http.404", retryable: false));
                await h.RunToEndAsync(h.Start);
                break;
            case WorkflowStatus.Cancelled:
                h.Start();
                h.Cancel();
                break;
            case WorkflowStatus.Terminated:
                h.Start();
                h.Terminate();
                break;
        }

        h.State.Status.Should().Be(status);
        return h;
    }
}

internal static class EngineHarnessRunExtensions
{
    /// <summary>Starts (or acts) and then runs to the end on the fake clock.</summary>
    public static async Task RunToEndAsync(this EngineHarness h, Func<WorkflowDecision> act)
    {
        act();
        await h.RunToEndAsync();
    }

    public static async Task RunToEndAsync(this EngineHarness h, Func<string, WorkflowDecision> start)
    {
        start("{}");
        await h.RunToEndAsync();
    }
}
