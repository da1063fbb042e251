using System.Text.Json;
using Automation.Engine.Execution;
using Automation.Engine.Steps;
using Automation.Events;
using Automation.Tasks;
using Automation.Workflows;

namespace Automation.Engine.Tests.Workflows;

/// <summary>Workflow patterns by name on the pure engine: no silo, no database, a fake clock.</summary>
public sealed class WorkflowExecutionTests
{
    private static StepResult Ok(string json) => StepResult.Success(JsonDocument.Parse(json).RootElement.Clone());

    private static StepResult Fails(string type, bool retryable = true) => StepResult.Failure(type, $"{type} happened", retryable);

    [Fact]
    public async Task Chain_StepsRunInOrder_EachReadsTheOutputBefore()
    {
        var h = new EngineHarness("""
        {
          "steps": [
            { "id": "a", "type": "transform", "with": { "value": { "n": "{{ input.n | times: 2 }}" } } },
            { "id": "b", "type": "http", "dependsOn": ["a"], "with": { "url": "http://svc/{{ steps.a.output.n }}" } },
            { "id": "c", "type": "transform", "dependsOn": ["b"], "with": { "value": "{{ steps.b.output.echo }}" } }
          ],
          "output": { "result": "{{ steps.c.output }}" }
        }
        """).Script("b", (ctx, _) => Task.FromResult(Ok($$"""{ "echo": "{{ctx.With.GetProperty("url").GetString()}}" }""")));

        var started = h.Start("""{ "n": 21 }""");
        await h.RunDueAsync();

        started.Dispatch.Should().ContainSingle().Which.With.GetProperty("url").GetString().Should().Be("http://svc/42");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.State.Output!.Value.GetProperty("result").GetString().Should().Be("http://svc/42");
        h.History.Should().Equal(
            "WorkflowStarted", "StepScheduled", "StepStarted", "StepCompleted", "StepScheduled",
            "StepStarted", "StepCompleted", "StepScheduled", "StepStarted", "StepCompleted", "WorkflowCompleted");
        h.State.History.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 11).Select(i => (long)i));
    }

    [Fact]
    public void FanOut_IndependentSteps_AreDispatchedTogetherAndTheJoinWaitsForAll()
    {
        var h = new EngineHarness("""
        {
          "steps": [
            { "id": "b", "type": "http", "with": { "url": "http://svc/b" } },
            { "id": "c", "type": "http", "with": { "url": "http://svc/c" } },
            { "id": "join", "type": "transform", "dependsOn": ["b", "c"], "with": { "value": ["{{ steps.b.output.v }}", "{{ steps.c.output.v }}"] } }
          ]
        }
        """);
        var at = h.Time.GetUtcNow();

        var started = h.Start();
        var afterB = h.Report(new TaskReport("b", TaskReportKind.Completed, 1, at, at, Ok("""{"v":1}""").Output, null, null));
        var afterC = h.Report(new TaskReport("c", TaskReportKind.Completed, 1, at, at, Ok("""{"v":2}""").Output, null, null));

        started.Dispatch.Select(r => r.StepId).Should().Equal("b", "c");
        afterB.Dispatch.Should().BeEmpty();
        h.Step("join").Status.Should().Be(StepStatus.Completed);
        afterC.Events.OfType<WorkflowCompleted>().Should().ContainSingle();
        h.State.Output!.Value.GetProperty("join").GetRawText().Should().Be("[1,2]");
    }

    [Fact]
    public async Task Retry_RetryableFailures_BackOffExponentiallyThenSucceed()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "call", "type": "http", "with": { "url": "http://svc" },
                       "retry": { "maxAttempts": 3, "initialInterval": "1s", "backoffCoefficient": 3 } } ] }
        """).Script("call", Fails("http.503"), Fails("http.503"), Ok("""{"done":true}"""));
        var t0 = h.Time.GetUtcNow();

        h.Start();
        await h.RunDueAsync();
        var firstRetryAt = h.Step("call").NextAttemptAt;
        h.Time.Advance(TimeSpan.FromMilliseconds(999));
        await h.RunDueAsync();
        var stillWaiting = h.Step("call").Status;
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await h.RunDueAsync();
        var secondRetryAt = h.Step("call").NextAttemptAt;
        await h.RunToEndAsync();

        firstRetryAt.Should().Be(t0 + TimeSpan.FromSeconds(1));
        stillWaiting.Should().Be(StepStatus.Retrying, "the back-off has not elapsed");
        secondRetryAt.Should().Be(t0 + TimeSpan.FromSeconds(1 + 3));
        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.Step("call").AttemptsFinished.Should().Be(3);
        h.Step("call").Failures.Select(f => f.Attempt).Should().Equal(1, 2);
        h.History.Count(e => e == nameof(StepRetrying)).Should().Be(2);
        h.Dispatched.Select(r => r.Attempt).Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task Retry_AttemptsExhausted_FailsTheStepAndTheWorkflow()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "call", "type": "http", "with": { "url": "http://svc" }, "retry": { "maxAttempts": 2, "initialInterval": "5s" } } ] }
        """).Script("call", Fails("connection"));

        h.Start();
        await h.RunToEndAsync();

        h.State.Status.Should().Be(WorkflowStatus.Failed);
        h.Step("call").Status.Should().Be(StepStatus.Failed);
        h.Step("call").AttemptsFinished.Should().Be(2);
        h.State.Error!.Message.Should().Be("Step 'call' failed: connection happened");
    }

    [Fact]
    public async Task Retry_NonRetryableError_FailsAtOnce()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "call", "type": "http", "with": { "url": "http://svc" }, "retry": { "maxAttempts": 5, "nonRetryableErrors": ["http.4*"] } } ] }
        """).Script("call", Fails("http.404"));

        h.Start();
        await h.RunDueAsync();

        h.State.Status.Should().Be(WorkflowStatus.Failed);
        h.Step("call").AttemptsFinished.Should().Be(1);
    }

    [Fact]
    public async Task Timeout_AttemptRunsTooLong_TimesOutAndTheNextAttemptRuns()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "slow", "type": "http", "with": { "url": "http://svc" }, "timeout": "10s",
                       "retry": { "maxAttempts": 2, "initialInterval": "1s" } } ] }
        """).Script("slow", async (ctx, ct) =>
        {
            if (ctx.Attempt == 1)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }

            return Ok("""{"attempt":2}""");
        });

        h.Start();
        var firstAttempt = h.RunDueAsync();
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await firstAttempt;
        var failure = h.Step("slow").Failures.Single();
        await h.RunToEndAsync();

        failure.Error.Type.Should().Be("timeout");
        failure.Error.Message.Should().Be("Attempt 1 timed out after 10s.");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.Step("slow").AttemptsFinished.Should().Be(2);
    }

    [Fact]
    public void Cancel_RunningWorkflow_StopsRunningStepsAndCancelsTheRest()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "a", "type": "http", "with": { "url": "http://svc" } },
                     { "id": "b", "type": "transform", "dependsOn": ["a"], "with": { "value": 1 } } ] }
        """);
        h.Start();

        var cancelled = h.Cancel("no longer needed");
        var again = h.Cancel("twice");
        var at = h.Time.GetUtcNow();
        var late = h.Report(new TaskReport("a", TaskReportKind.Completed, 1, at, at, null, null, null));

        cancelled.Cancel.Should().Equal("a");
        h.State.Status.Should().Be(WorkflowStatus.Cancelled);
        h.State.Error!.Message.Should().Be("no longer needed");
        h.State.Steps.Values.Should().OnlyContain(s => s.Status == StepStatus.Cancelled);
        again.StateChanged.Should().BeFalse("cancelling a finished workflow changes nothing");
        late.StateChanged.Should().BeFalse("the outcome of a cancelled step is not recorded");
    }

    [Fact]
    public async Task FailureContainment_OneBranchFails_SiblingsAreStoppedAndDependentsSkipped()
    {
        var h = new EngineHarness("""
        {
          "steps": [
            { "id": "bad", "type": "http", "with": { "url": "http://svc/bad" }, "retry": { "maxAttempts": 1 } },
            { "id": "slow", "type": "http", "with": { "url": "http://svc/slow" } },
            { "id": "after", "type": "transform", "dependsOn": ["bad", "slow"], "with": { "value": 1 } }
          ]
        }
        """).Script("bad", Fails("http.500"))
            .Script("slow", async (_, ct) =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                return Ok("{}");
            });
        var other = new EngineHarness("""{ "steps": [ { "id": "fine", "type": "http", "with": { "url": "http://svc" } } ] }""");

        h.Start();
        other.Start();
        var bad = h.RunDueAsync();
        await other.RunDueAsync();

        // The failing attempt may finish on another thread under load: wait for it (a hang guard, not a timing assertion).
        for (var i = 0; i < 500 && h.State.Status == WorkflowStatus.Running; i++)
        {
            await Task.Delay(10);
        }

        h.State.Status.Should().Be(WorkflowStatus.Failed);
        h.Step("slow").Status.Should().Be(StepStatus.Cancelled);
        h.Step("after").Status.Should().Be(StepStatus.Skipped);
        h.Cancelled.Should().Equal("slow");
        await bad;
        other.State.Status.Should().Be(WorkflowStatus.Completed, "one workflow's failure never harms another");
    }

    [Fact]
    public void TemplateError_StepReadsMissingData_FailsWithoutRetry()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "call", "type": "http", "with": { "url": "http://svc/{{ input.missing }}" }, "retry": { "maxAttempts": 5 } } ] }
        """);

        var started = h.Start("{}");

        started.Dispatch.Should().BeEmpty();
        h.State.Status.Should().Be(WorkflowStatus.Failed);
        h.Step("call").Error!.Type.Should().Be("template");
        h.Step("call").Error!.Retryable.Should().BeFalse();
        h.History.Should().Equal("WorkflowStarted", "StepScheduled", "StepFailed", "WorkflowFailed");
    }

    [Fact]
    public void TemplateError_InTheWorkflowOutput_FailsTheWorkflow()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "a", "type": "transform", "with": { "value": {} } } ], "output": "{{ steps.a.output.nothing }}" }
        """);

        h.Start();

        h.State.Status.Should().Be(WorkflowStatus.Failed);
        h.State.Error!.Message.Should().StartWith("Workflow output:");
    }

    [Fact]
    public void Report_DuplicateStaleOrUnexpected_ChangesNothing()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "a", "type": "http", "with": { "url": "http://svc" } }, { "id": "b", "type": "http", "with": { "url": "http://svc" } } ] }""");
        var at = h.Time.GetUtcNow();
        h.Start();
        var failed = new TaskReport("a", TaskReportKind.Failed, 1, at, at, null, new StepError("x", "x", true), null);
        h.Report(failed);

        var duplicate = h.Report(failed);
        var early = h.Report(new TaskReport("a", TaskReportKind.Completed, 2, at, at, null, null, null));
        var unknownStep = h.Report(failed with { StepId = "zz" });
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var resumed = h.Resume();
        var completed = h.Report(new TaskReport("a", TaskReportKind.Completed, 2, at, at, null, null, null));
        var completedAgain = h.Report(new TaskReport("a", TaskReportKind.Completed, 2, at, at, null, null, null));

        duplicate.StateChanged.Should().BeFalse();
        early.StateChanged.Should().BeFalse("attempt 2 was not dispatched yet: the step is waiting for its back-off");
        unknownStep.StateChanged.Should().BeFalse();
        resumed.Dispatch.Single(r => r.StepId == "a").Attempt.Should().Be(2, "the back-off is over");
        completed.Events.OfType<StepCompleted>().Should().ContainSingle();
        completedAgain.StateChanged.Should().BeFalse();
        h.Step("a").Failures.Should().ContainSingle();
    }

    [Fact]
    public void Resume_RunningSteps_ResendsTheSameAttemptWithoutChangingState()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "a", "type": "http", "with": { "url": "http://svc/{{ workflow.id }}" } } ] }""");
        var started = h.Start();
        var historyLength = h.State.History.Count;
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var resumed = h.Resume();

        resumed.StateChanged.Should().BeFalse();
        resumed.Dispatch.Should().ContainSingle();
        resumed.Dispatch[0].Attempt.Should().Be(1, "attempt 1 was dispatched and never reported: it runs again with the same idempotency key");
        resumed.Dispatch[0].ScheduledAt.Should().Be(started.Dispatch[0].ScheduledAt, "durable timers count from the first dispatch");
        resumed.Dispatch[0].With.GetProperty("url").GetString().Should().Be("http://svc/wf-1");
        h.State.History.Should().HaveCount(historyLength);
    }

    [Fact]
    public void Resume_DueRetry_IsWrittenBeforeItsAttemptIsSent()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "a", "type": "http", "with": { "url": "http://svc" }, "retry": { "initialInterval": "1s" } } ] }""");
        var at = h.Time.GetUtcNow();
        h.Start();
        h.Report(new TaskReport("a", TaskReportKind.Failed, 1, at, at, null, new StepError("http.503", "busy", true), null));
        h.Time.Advance(TimeSpan.FromSeconds(1));

        var resumed = h.Resume();

        resumed.Dispatch.Should().ContainSingle().Which.Attempt.Should().Be(2);
        resumed.StateChanged.Should().BeTrue("\"attempt 2 running\" must be durable before attempt 2 is sent");
        h.Step("a").Status.Should().Be(StepStatus.Running);
    }

    [Fact]
    public void Resume_DelayStoredAsARunningTaskByAnOlderVersion_BecomesATimerFromItsDispatchTime()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "nap", "type": "delay", "with": { "duration": "10s" } } ] }""");
        h.Start();
        var t0 = h.Time.GetUtcNow();
        h.Step("nap").Status = StepStatus.Running; // how the previous version stored a delay in flight
        h.Step("nap").WakeAt = null;
        h.Time.Advance(TimeSpan.FromSeconds(4));

        var resumed = h.Resume();

        resumed.Dispatch.Should().BeEmpty();
        resumed.StateChanged.Should().BeTrue();
        h.Step("nap").Status.Should().Be(StepStatus.Waiting);
        h.Step("nap").WakeAt.Should().Be(t0 + TimeSpan.FromSeconds(10), "the wait counts from the original dispatch");
    }

    [Fact]
    public async Task Delay_WaitsInsideTheWorkflow_AndCompletesWhenDue()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "nap", "type": "delay", "with": { "duration": "{{ input.wait }}" } },
                     { "id": "after", "type": "transform", "dependsOn": ["nap"], "with": { "value": "{{ steps.nap.output.firedAt }}" } } ] }
        """);
        var t0 = h.Time.GetUtcNow();

        var started = h.Start("""{ "wait": "10m" }""");
        var waiting = h.Step("nap").Status;
        h.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        var early = h.Resume();
        await h.RunToEndAsync();

        started.Dispatch.Should().BeEmpty("a delay needs no task grain");
        waiting.Should().Be(StepStatus.Waiting);
        early.StateChanged.Should().BeFalse();
        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.Step("nap").Output!.Value.GetProperty("firedAt").GetDateTimeOffset().Should().Be(t0 + TimeSpan.FromMinutes(10));
        h.Step("nap").CompletedAt.Should().Be(t0 + TimeSpan.FromMinutes(10));
        h.History.Should().Equal("WorkflowStarted", "StepScheduled", "StepStarted", "StepCompleted", "StepScheduled", "StepStarted", "StepCompleted", "WorkflowCompleted");
    }

    [Fact]
    public void Delay_OfZero_CompletesInTheSameTurn()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "a", "type": "delay", "with": { "duration": "0s" } }, { "id": "b", "type": "delay", "dependsOn": ["a"], "with": { "duration": "0ms" } } ] }""");

        var started = h.Start();

        started.Events.OfType<WorkflowCompleted>().Should().ContainSingle();
        h.Decisions.Should().ContainSingle("one decision, so one state write, for the whole workflow");
    }

    [Fact]
    public void Delay_InvalidTemplatedDuration_FailsWithoutRetry()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "a", "type": "delay", "with": { "duration": "{{ input.wait }}" } } ] }""");

        h.Start("""{ "wait": "soon" }""");

        h.State.Status.Should().Be(WorkflowStatus.Failed);
        h.Step("a").Error!.Type.Should().Be("invalid-input");
    }

    [Fact]
    public void Cancel_WaitingAndRetryingSteps_StopsThemWithoutTaskCancels()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "nap", "type": "delay", "with": { "duration": "1h" } },
                     { "id": "call", "type": "http", "with": { "url": "http://svc" } } ] }
        """);
        var at = h.Time.GetUtcNow();
        h.Start();
        h.Report(new TaskReport("call", TaskReportKind.Failed, 1, at, at, null, new StepError("http.503", "busy", true), null));

        var cancelled = h.Cancel();

        cancelled.Cancel.Should().BeEmpty("neither step has an attempt in a task grain");
        h.State.Steps.Values.Should().OnlyContain(s => s.Status == StepStatus.Cancelled);
        h.Execution.NextDueAt().Should().BeNull();
    }

    [Fact]
    public void StepKind_RegisteredByATest_PlugsInWithoutEngineChanges()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "k", "type": "constant", "with": { "value": 7 } },
                     { "id": "t", "type": "transform", "dependsOn": ["k"], "with": { "value": "{{ steps.k.output.value | plus: 1 }}" } } ] }
        """, new ConstantStepKind());

        h.Start();

        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.Step("t").Output!.Value.GetInt32().Should().Be(8);
    }

    /// <summary>A step kind the engine has never heard of: completes at once with its <c>with</c>.</summary>
    private sealed class ConstantStepKind : IStepKind
    {
        public string Type => "constant";

        public void Validate(JsonElement with, string path, ICollection<Automation.Definitions.ValidationError> errors)
        {
        }

        public StepActivation Activate(StepActivationContext context) => StepActivation.Complete(context.With.Clone());
    }
}
