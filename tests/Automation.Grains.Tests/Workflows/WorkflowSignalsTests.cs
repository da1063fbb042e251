using System.Text.Json;
using Automation.Events;
using Automation.Testing;
using Automation.Workflows;

namespace Automation.Grains.Tests.Workflows;

/// <summary><c>wait</c> and <c>switch</c> on the real grains (cluster tier): signals delivered and buffered, approvals.</summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class WorkflowSignalsTests(EngineFixture fixture)
{
    private AutomationTestCluster Cluster => fixture.Cluster;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public async Task SignalWait_EndToEnd_BufferedSignalAndLateSignalBothDelivered()
    {
        var name = Unique("signals");
        await Cluster.RegisterAsync(name, """
        { "steps": [
            { "id": "first", "type": "wait", "with": { "signal": "first" } },
            { "id": "second", "type": "wait", "dependsOn": ["first"], "with": { "signal": "second" } },
            { "id": "sum", "type": "transform", "dependsOn": ["second"], "with": { "value": "{{ steps.first.output.n | plus: steps.second.output.n }}" } } ] }
        """);
        var (grain, _) = await Cluster.StartAsync(name);

        var early = await grain.SignalAsync("second", Json("""{"n":2}"""));
        var waiting = await grain.GetAsync();
        var late = await grain.SignalAsync("first", Json("""{"n":1}"""));
        var done = await AutomationTestCluster.WaitAsync(grain);
        var history = await grain.GetHistoryAsync();

        early.Outcome.Should().Be(SignalWorkflowOutcome.Buffered);
        waiting!.PendingSignals.Should().ContainSingle().Which.Name.Should().Be("second");
        waiting.Steps[0].WaitingFor!.Signal.Should().Be("first");
        late.Outcome.Should().Be(SignalWorkflowOutcome.Delivered);
        late.StepId.Should().Be("first");
        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Steps[2].Output!.Value.GetInt32().Should().Be(3);
        done.PendingSignals.Should().BeEmpty();
        history!.OfType<SignalReceived>().Select(e => (e.Name, e.StepId)).Should().Equal(("second", null), ("first", "first"));
        (await grain.SignalAsync("first", Json("{}"))).Outcome.Should().Be(SignalWorkflowOutcome.AlreadyFinished);
    }

    [Fact]
    public async Task Approval_AfterASwitch_RecordsTheApproverAndTheJoinRuns()
    {
        var name = Unique("approval");
        await Cluster.RegisterAsync(name, """
        { "steps": [
            { "id": "route", "type": "switch", "with": { "cases": [ { "when": "{{ input.amount > 1000 }}", "next": ["approve"] } ], "default": ["auto"] } },
            { "id": "approve", "type": "wait", "dependsOn": ["route"], "with": { "approval": { "approvers": ["role:finance"] } } },
            { "id": "auto", "type": "transform", "dependsOn": ["route"], "with": { "value": "auto" } },
            { "id": "pay", "type": "transform", "dependsOn": ["approve", "auto"], "with": { "value": "paid" } } ] }
        """);
        var (grain, _) = await Cluster.StartAsync(name, """{"amount":5000}""");

        var stranger = await grain.ApproveAsync(new ApproveStepCommand("approve", true, "eve", null, ["ops"]));
        var wrongStep = await grain.ApproveAsync(new ApproveStepCommand("auto", true, "ada", null, ["finance"]));
        var recorded = await grain.ApproveAsync(new ApproveStepCommand("approve", true, "ada", "ok", ["finance"]));
        var done = await AutomationTestCluster.WaitAsync(grain);

        stranger.Outcome.Should().Be(ApproveStepOutcome.NotAnApprover);
        wrongStep.Outcome.Should().Be(ApproveStepOutcome.NotWaiting);
        recorded.Outcome.Should().Be(ApproveStepOutcome.Recorded);
        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Steps.Single(s => s.Id == "auto").Status.Should().Be(StepStatus.Skipped);
        done.Steps.Single(s => s.Id == "approve").Output!.Value.GetProperty("by").GetString().Should().Be("ada");
        done.Steps.Single(s => s.Id == "pay").Status.Should().Be(StepStatus.Completed);
    }

    [Fact]
    public async Task Signal_NobodyWaitsFor_IsKeptUpToTheLimitThenRefused()
    {
        var name = Unique("pending");
        await Cluster.RegisterAsync(name, """{ "steps": [ { "id": "w", "type": "wait", "with": { "signal": "go" } } ] }""");
        var (grain, _) = await Cluster.StartAsync(name);

        for (var i = 0; i < Grains.Workflows.WorkflowGrain.MaxPendingSignals; i++)
        {
            (await grain.SignalAsync("other", Json($"{i}"))).Outcome.Should().Be(SignalWorkflowOutcome.Buffered);
        }

        var refused = await grain.SignalAsync("other", Json("0"));
        var waited = await grain.SignalAsync("go", Json("1"));

        refused.Outcome.Should().Be(SignalWorkflowOutcome.TooManyPending);
        refused.Snapshot!.PendingSignals.Should().HaveCount(Grains.Workflows.WorkflowGrain.MaxPendingSignals);
        waited.Outcome.Should().Be(SignalWorkflowOutcome.Delivered, "a signal a step waits for is always taken");
        waited.Snapshot!.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public async Task Signal_SameRequestIdAgain_IsAnsweredAsBeforeAndNotAppliedTwice()
    {
        var name = Unique("retry");
        await Cluster.RegisterAsync(name, """
        { "steps": [ { "id": "w1", "type": "wait", "with": { "signal": "go" } },
                     { "id": "w2", "type": "wait", "with": { "signal": "go" } } ] }
        """);
        var (grain, _) = await Cluster.StartAsync(name);

        var first = await grain.SignalAsync("go", Json("1"), "request:a");
        var retry = await grain.SignalAsync("go", Json("1"), "request:a");
        var kept = await grain.SignalAsync("later", Json("2"), "request:b");
        var keptAgain = await grain.SignalAsync("later", Json("2"), "request:b");

        first.Outcome.Should().Be(SignalWorkflowOutcome.Delivered);
        retry.Outcome.Should().Be(SignalWorkflowOutcome.Delivered);
        retry.StepId.Should().Be("w1");
        retry.Snapshot!.Steps.Single(s => s.Id == "w2").Status.Should().Be(StepStatus.Waiting, "the retry did not complete a second step");
        kept.Outcome.Should().Be(SignalWorkflowOutcome.Buffered);
        keptAgain.Outcome.Should().Be(SignalWorkflowOutcome.Buffered);
        keptAgain.Snapshot!.PendingSignals.Should().ContainSingle();
    }
}
