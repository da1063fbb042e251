using Automation.Engine.Services;
using Automation.Events;
using Automation.Tasks;
using Automation.Workflows;

namespace Automation.Engine.Tests.Workflows;

/// <summary>An http step whose service is unavailable waits instead of spending its attempts (issue 11, item 5).</summary>
public sealed class ServiceWaitTests
{
    private const string Definition = """
    { "steps": [ { "id": "call", "type": "http", "timeout": "60s", "with": { "url": "http://orders/x", "service": "orders" },
                   "retry": { "maxAttempts": 2, "initialInterval": "1s" } } ] }
    """;

    private static TaskReport Deferred(EngineHarness h, int attempt = 1, string reason = "waiting for service orders: it is Unhealthy", DateTimeOffset? retryAt = null)
    {
        var now = h.Time.GetUtcNow();
        return new TaskReport("call", TaskReportKind.Deferred, attempt, now, now, null, new StepError("service.unavailable", reason, true), retryAt) { Service = "orders" };
    }

    [Fact]
    public void Deferred_ThenRecovered_WaitsWithoutAnAttemptAndRunsAttemptOne()
    {
        var h = new EngineHarness(Definition);
        h.Start();
        var t0 = h.Time.GetUtcNow();

        h.Report(Deferred(h));
        var waiting = h.Step("call");
        var (status, wakeAt, wait) = (waiting.Status, waiting.WakeAt, waiting.ServiceWait);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var recheck = h.Resume();
        h.Report(Deferred(h));
        var secondWakeAt = h.Step("call").WakeAt;
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Resume();
        var now = h.Time.GetUtcNow();
        h.Report(new TaskReport("call", TaskReportKind.Completed, 1, now, now, System.Text.Json.JsonDocument.Parse("{}").RootElement.Clone(), null, null));

        status.Should().Be(StepStatus.Waiting);
        wakeAt.Should().Be(t0.AddSeconds(1));
        wait.Should().Be(new ServiceWait("orders", "waiting for service orders: it is Unhealthy", t0, t0.AddSeconds(60)));
        recheck.Dispatch.Should().ContainSingle().Which.Attempt.Should().Be(1, "a deferred dispatch is not an attempt");
        secondWakeAt.Should().Be(t0.AddSeconds(2));
        h.Step("call").Status.Should().Be(StepStatus.Completed);
        h.Step("call").AttemptsFinished.Should().Be(1);
        h.Step("call").ServiceWait.Should().BeNull();
        h.State.History.OfType<StepWaitingForService>().Should().ContainSingle("the wait is recorded once per service and reason, not per check")
            .Which.Reason.Should().Be("waiting for service orders: it is Unhealthy");
        h.History.Should().NotContain(nameof(StepRetrying));
    }

    [Fact]
    public void Waiting_GateStillClosed_NextCheckMovesInMemoryWithoutAWriteOrADispatch()
    {
        var h = new EngineHarness(Definition);
        h.Start();
        var t0 = h.Time.GetUtcNow();
        h.Report(Deferred(h));
        var history = h.State.History.Count;
        var closed = new GateVerdict(GateVerdictKind.Wait, "waiting for service orders: it is Unhealthy");
        var asked = new List<string>();

        h.Time.Advance(TimeSpan.FromSeconds(1));
        var firstCheck = h.Resume(service => { asked.Add(service); return closed; });
        var next = h.Execution.NextDueAt();
        h.Time.Advance(TimeSpan.FromSeconds(3));
        var secondCheck = h.Resume(_ => closed);
        var afterSecond = h.Execution.NextDueAt();
        h.Time.Advance(TimeSpan.FromSeconds(2));
        var open = h.Resume(_ => GateVerdict.Allow);

        asked.Should().Equal("orders");
        firstCheck.StateChanged.Should().BeFalse("a check that finds the gate closed writes nothing");
        firstCheck.Dispatch.Should().BeEmpty();
        next.Should().Be(t0.AddSeconds(2), "half the time waited so far, at least 1 s");
        secondCheck.StateChanged.Should().BeFalse();
        afterSecond.Should().Be(t0.AddSeconds(6));
        h.State.History.Should().HaveCount(history, "no event either");
        open.Dispatch.Should().ContainSingle().Which.Attempt.Should().Be(1, "once the gate opens the step runs its first attempt");
    }

    [Fact]
    public void Waiting_GateClosedPastTheStepTimeout_DispatchesSoTheWaitCanFail()
    {
        var h = new EngineHarness(Definition);
        h.Start();
        h.Report(Deferred(h));

        h.Time.Advance(TimeSpan.FromSeconds(61));
        var check = h.Resume(_ => new GateVerdict(GateVerdictKind.Wait, "waiting for service orders: it is Unhealthy"));
        h.Report(Deferred(h));

        check.Dispatch.Should().ContainSingle("past its timeout the step is dispatched, and the refusal fails it");
        h.Step("call").Error!.Type.Should().Be("service.unavailable");
    }

    [Fact]
    public void Deferred_BreakerOpen_ChecksAgainWhenTheBreakEnds()
    {
        var h = new EngineHarness(Definition);
        h.Start();
        var t0 = h.Time.GetUtcNow();

        h.Report(Deferred(h, reason: "waiting for service orders: its circuit breaker is open", retryAt: t0.AddMilliseconds(300)));

        h.Step("call").WakeAt.Should().Be(t0.AddMilliseconds(300));
        h.Execution.NextDueAt().Should().Be(t0.AddMilliseconds(300));
    }

    [Fact]
    public void Deferred_PastTheStepTimeout_FailsWithServiceUnavailable()
    {
        var h = new EngineHarness(Definition);
        h.Start();
        h.Report(Deferred(h));

        h.Time.Advance(TimeSpan.FromSeconds(61));
        h.Resume();
        h.Report(Deferred(h));

        h.Step("call").Status.Should().Be(StepStatus.Failed);
        h.Step("call").Error!.Type.Should().Be("service.unavailable");
        h.Step("call").Error!.Message.Should().Contain("Service orders stayed unavailable for the step's timeout of 1m");
        h.State.Status.Should().Be(WorkflowStatus.Failed);
    }

    [Fact]
    public void Deferred_ForAnOlderAttempt_ChangesNothing()
    {
        var h = new EngineHarness(Definition);
        h.Start();

        var decision = h.Report(Deferred(h, attempt: 2));

        decision.StateChanged.Should().BeFalse();
        h.Step("call").Status.Should().Be(StepStatus.Running);
    }
}
