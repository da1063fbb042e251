using System.Text.Json;
using Automation.Events;
using Automation.Workflows;

namespace Automation.Engine.Tests.Workflows;

/// <summary>The <c>wait</c> step on the pure engine: signals (buffered or not), approvals and timeouts.</summary>
public sealed class WaitTests
{
    private const string SignalFlow = """
    { "steps": [
        { "id": "first", "type": "delay", "with": { "duration": "1m" } },
        { "id": "paid", "type": "wait", "dependsOn": ["first"], "with": { "signal": "payment-received" } },
        { "id": "ship", "type": "transform", "dependsOn": ["paid"], "with": { "value": { "amount": "{{ steps.paid.output.amount }}" } } } ] }
    """;

    [Fact]
    public async Task Signal_AfterTheWaitIsReached_BecomesItsOutput()
    {
        var h = new EngineHarness(SignalFlow);
        h.Start();
        await h.RunDueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.RunDueAsync();
        h.Step("paid").Status.Should().Be(StepStatus.Waiting);
        h.Step("paid").Awaiting.Should().BeEquivalentTo(new StepWait("payment-received", false, [], null, null));

        var decision = h.Signal("payment-received", """{ "amount": 42 }""");

        decision.Events.OfType<SignalReceived>().Should().ContainSingle().Which.StepId.Should().Be("paid");
        h.Step("paid").Output!.Value.Compact().Should().Be("""{"amount":42}""");
        h.Step("paid").Awaiting.Should().BeNull();
        h.Step("ship").Output!.Value.Compact().Should().Be("""{"amount":42}""");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.State.Signals.Should().BeEmpty();
    }

    [Fact]
    public async Task Signal_BeforeTheWaitIsReached_IsBufferedAndTakenWhenItActivates()
    {
        var h = new EngineHarness(SignalFlow);
        h.Start();

        var decision = h.Signal("payment-received", """{ "amount": 7 }""");

        decision.StateChanged.Should().BeTrue();
        decision.Events.OfType<SignalReceived>().Should().ContainSingle().Which.StepId.Should().BeNull();
        h.State.Signals.Should().ContainSingle().Which.Name.Should().Be("payment-received");
        h.Step("paid").Status.Should().Be(StepStatus.Pending);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.RunDueAsync();

        h.Step("paid").Output!.Value.Compact().Should().Be("""{"amount":7}""");
        h.State.Signals.Should().BeEmpty();
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public void Signal_NobodyWaitsFor_StaysPendingInTheWorkflow()
    {
        var h = new EngineHarness(SignalFlow);
        h.Start();

        h.Signal("other", """{ "x": 1 }""");
        h.Signal("other", """{ "x": 2 }""");

        h.State.Signals.Select(s => s.Payload.Compact()).Should().Equal("""{"x":1}""", """{"x":2}""");
        h.State.History.OfType<SignalReceived>().Should().HaveCount(2);
    }

    [Fact]
    public void Signal_TwoStepsWaitForTheSameName_TheFirstInDefinitionOrderTakesEachInTurn()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "w1", "type": "wait", "with": { "signal": "go" } },
            { "id": "w2", "type": "wait", "with": { "signal": "go" } } ] }
        """);
        h.Start();

        h.Signal("go", "1");
        h.Signal("go", "2");

        h.Step("w1").Output!.Value.Compact().Should().Be("1");
        h.Step("w2").Output!.Value.Compact().Should().Be("2");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public void Signal_ToAFinishedWorkflow_ChangesNothing()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        h.Start();

        var decision = h.Signal("late");

        decision.StateChanged.Should().BeFalse();
        h.State.Signals.Should().BeEmpty();
    }

    [Fact]
    public void Approval_Approved_CompletesWithWhoAndWhen()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "ok", "type": "wait", "with": { "approval": { "approvers": ["role:operator"], "message": "Pay {{ input.amount }}?" } } } ] }
        """);
        h.Start("""{ "amount": 5 }""");
        h.Step("ok").Awaiting.Should().BeEquivalentTo(new StepWait(null, true, ["role:operator"], "Pay 5?", null));
        h.Execution.AwaitsApproval("ok").Should().BeTrue();

        var decision = h.Approve("ok", approved: true, "ada", "fine");

        decision.Events.OfType<ApprovalRecorded>().Should().ContainSingle().Which.Should().BeEquivalentTo(new { StepId = "ok", Approved = true, By = "ada", Comment = "fine" });
        var output = h.Step("ok").Output!.Value;
        output.GetProperty("approved").GetBoolean().Should().BeTrue();
        output.GetProperty("by").GetString().Should().Be("ada");
        output.GetProperty("comment").GetString().Should().Be("fine");
        output.GetProperty("at").GetDateTimeOffset().Should().Be(h.Time.GetUtcNow());
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public void Approval_Rejected_FailsTheStepAndTheWorkflowNonRetryably()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "ok", "type": "wait", "with": { "approval": {} } } ] }""");
        h.Start();

        h.Approve("ok", approved: false, "bob", "too expensive");

        h.Step("ok").Error.Should().Be(new StepError("approval.rejected", "Rejected by bob: too expensive", false));
        h.State.Status.Should().Be(WorkflowStatus.Failed);
    }

    [Fact]
    public void Approval_ForAStepThatIsNotWaitingForOne_ChangesNothing()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "s", "type": "wait", "with": { "signal": "go" } },
                     { "id": "ok", "type": "wait", "dependsOn": ["s"], "with": { "approval": {} } } ] }
        """);
        h.Start();

        h.Execution.AwaitsApproval("s").Should().BeFalse();
        h.Execution.AwaitsApproval("ok").Should().BeFalse();
        h.Execution.AwaitsApproval("nope").Should().BeFalse();
        h.Approve("s", true, "ada").StateChanged.Should().BeFalse();
        h.Approve("ok", true, "ada").StateChanged.Should().BeFalse();
    }

    [Fact]
    public async Task Timeout_FailsWithWaitTimeoutByDefault()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "paid", "type": "wait", "with": { "signal": "paid" }, "timeout": "2h" } ] }""");
        var t0 = h.Time.GetUtcNow();
        h.Start();
        h.Execution.NextDueAt().Should().Be(t0.AddHours(2));
        h.Step("paid").Awaiting!.TimeoutAt.Should().Be(t0.AddHours(2));

        await h.RunToEndAsync();

        h.Step("paid").Error.Should().Be(new StepError("wait.timeout", "No signal 'paid' arrived after 2h.", false));
        h.State.Status.Should().Be(WorkflowStatus.Failed);
        h.State.CompletedAt.Should().Be(t0.AddHours(2));
    }

    [Fact]
    public async Task Timeout_WithOnTimeoutOutput_CompletesWithIt()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "ok", "type": "wait", "with": { "approval": {} }, "timeout": "10m", "onTimeout": { "output": { "approved": false, "reason": "timeout" } } },
                     { "id": "next", "type": "transform", "dependsOn": ["ok"], "with": { "value": "{{ steps.ok.output.reason }}" } } ] }
        """);
        h.Start();

        await h.RunToEndAsync();

        h.Step("ok").Output!.Value.Compact().Should().Be("""{"approved":false,"reason":"timeout"}""");
        h.Step("next").Output!.Value.GetString().Should().Be("timeout");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public void WaitWithoutTimeout_IgnoresTheDefaultsTimeout_AndArmsNoTimer()
    {
        var h = new EngineHarness("""{ "defaults": { "timeout": "5s" }, "steps": [ { "id": "w", "type": "wait", "with": { "signal": "go" } } ] }""");

        h.Start();

        h.Execution.NextDueAt().Should().BeNull();
        h.Step("w").Status.Should().Be(StepStatus.Waiting);
    }

    [Fact]
    public void Signal_BeforeATimedWait_CompletesItWithoutArmingTheTimer()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "a", "type": "wait", "with": { "signal": "first" } },
                     { "id": "b", "type": "wait", "dependsOn": ["a"], "with": { "signal": "second" }, "timeout": "1m" } ] }
        """);
        h.Start();
        h.Signal("second", "2");

        h.Signal("first", "1");

        h.Step("b").Output!.Value.Compact().Should().Be("2");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public void Cancel_AWaitingStep_ClearsWhatItWaitsFor()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "w", "type": "wait", "with": { "signal": "go" } } ] }""");
        h.Start();

        h.Cancel();

        h.Step("w").Status.Should().Be(StepStatus.Cancelled);
        h.Step("w").Awaiting.Should().BeNull();
    }
}

internal static class JsonCompact
{
    public static string Compact(this JsonElement e) => JsonSerializer.Serialize(e);
}
