using System.Text.Json;
using Automation.Engine.Workflows;
using Automation.Events;
using Automation.Workflows;

namespace Automation.Engine.Tests.Workflows;

/// <summary>Steps that run child workflows (<c>workflow</c>, <c>foreach</c>, <c>parallel</c>) on the pure engine: the grain's part (start, report, read) is played by the test.</summary>
public sealed class ChildWorkflowTests
{
    private const string ChildFlow = """
    { "steps": [
        { "id": "prepare", "type": "transform", "with": { "value": { "order": "{{ input.order }}" } } },
        { "id": "invoice", "type": "workflow", "dependsOn": ["prepare"], "with": { "definition": "send-invoice", "version": 2, "input": { "order": "{{ steps.prepare.output.order }}" } } },
        { "id": "done", "type": "transform", "dependsOn": ["invoice"], "with": { "value": "{{ steps.invoice.output.number }}" } } ] }
    """;

    private static string Foreach(int concurrency, string policy = "failFast") => $$$"""
    { "steps": [
        { "id": "each", "type": "foreach", "with": {
            "items": "{{ input.items }}", "maxConcurrency": {{{concurrency}}}, "failurePolicy": "{{{policy}}}",
            "steps": [ { "id": "double", "type": "transform", "with": { "value": "{{ input.item | times: 2 }}" } } ],
            "output": "{{ steps.double.output }}" } } ] }
    """;

    private const string ParallelFlow = """
    { "steps": [
        { "id": "fan", "type": "parallel", "with": { "mode": "MODE", "branches": {
            "left": [ { "id": "a", "type": "transform", "with": { "value": "{{ input.x }}" } } ],
            "right": [ { "id": "b", "type": "delay", "with": { "duration": "1m" } } ] } } } ] }
    """;

    [Fact]
    public void WorkflowStep_StartsTheChildAndTakesItsOutput()
    {
        var h = new EngineHarness(ChildFlow);
        h.Start("""{ "order": 7 }""");

        var start = h.ChildrenStarted.Should().ContainSingle().Subject;
        start.ChildId.Should().Be("wf-1:invoice:0");
        start.Command.Definition.Should().Be("send-invoice");
        start.Command.Version.Should().Be(2);
        start.Command.Subflow.Should().BeNull();
        start.Command.Input.Compact().Should().Be("""{"order":7}""");
        start.Command.Parent.Should().Be(new ParentLink(EngineHarness.WorkflowId, "invoice", 0, 1));
        h.Step("invoice").Status.Should().Be(StepStatus.Running);
        h.State.History.OfType<ChildStarted>().Should().ContainSingle().Which.ChildId.Should().Be("wf-1:invoice:0");

        h.ChildrenFinished(Report(start, WorkflowStatus.Completed, """{ "number": "INV-9" }"""));
        h.Collections.Should().ContainSingle().Which.Children.Should().Equal("wf-1:invoice:0");
        h.Step("invoice").Status.Should().Be(StepStatus.Running, "the output is read from the child before the step completes");

        h.Collected("invoice", [Result("wf-1:invoice:0", WorkflowStatus.Completed, """{ "number": "INV-9" }""")]);

        h.Step("invoice").Output!.Value.Compact().Should().Be("""{"number":"INV-9"}""");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.State.Output!.Value.Compact().Should().Be("""{"done":"INV-9"}""");
    }

    [Fact]
    public void WorkflowStep_ChildFailure_FailsTheStepAndTheWorkflow()
    {
        var h = new EngineHarness(ChildFlow);
        h.Start("""{ "order": 7 }""");

        h.ChildrenFinished(Report(h.ChildrenStarted[0], WorkflowStatus.Failed, error: new StepError("http.status", "Step 'post' failed: 500", false)));

        h.Step("invoice").Status.Should().Be(StepStatus.Failed);
        h.Step("invoice").Error!.Type.Should().Be(WorkflowExecution.ChildFailedError);
        h.Step("invoice").Error!.Message.Should().Contain("wf-1:invoice:0").And.Contain("500");
        h.Step("done").Status.Should().Be(StepStatus.Skipped);
        h.State.Status.Should().Be(WorkflowStatus.Failed);
    }

    [Fact]
    public void WorkflowStep_GivenId_IsTheChildsId()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "c", "type": "workflow", "with": { "definition": "other", "id": "order-{{ input.n }}" } } ] }
        """);
        h.Start("""{ "n": 5 }""");

        h.ChildrenStarted.Should().ContainSingle().Which.ChildId.Should().Be("order-5");
        h.Step("c").Children!.CustomId.Should().Be("order-5");
    }

    [Fact]
    public void WorkflowStep_GivenId_AfterARetryOfTheParent_GetsTheRunSuffix()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "c", "type": "workflow", "with": { "definition": "other", "id": "order-5" } } ] }
        """);
        h.Start();
        h.ChildrenFinished(Report(h.ChildrenStarted[0], WorkflowStatus.Failed, error: new StepError("boom", "no", false)));

        var retry = h.Execution.Retry(new RetryWorkflowCommand(null, null), h.Time.GetUtcNow());

        retry.StartChildren.Should().ContainSingle().Which.ChildId.Should().Be("order-5:r2");
    }

    [Fact]
    public void Foreach_NeverRunsMoreThanMaxConcurrency_AndCollectsInItemOrder()
    {
        var h = new EngineHarness(Foreach(concurrency: 10));
        h.Start($$"""{ "items": [{{string.Join(",", Enumerable.Range(0, 25))}}] }""");

        h.ChildrenStarted.Should().HaveCount(10);
        h.ChildrenStarted.Select(c => c.Command.Subflow).Should().AllBe("each");
        h.ChildrenStarted[3].Command.Input.Compact().Should().Be("""{"item":3,"index":3}""");
        var runs = h.Step("each").Children!;

        // Finish children in a scrambled order; after each report the running set stays within the limit.
        var finished = 0;
        var random = new Random(7);
        while (runs.Running.Count > 0)
        {
            var index = runs.Running[random.Next(runs.Running.Count)];
            var child = h.ChildrenStarted.Single(c => c.Command.Parent!.Index == index);
            h.ChildrenFinished(Report(child, WorkflowStatus.Completed, (index * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            finished++;
            runs.Running.Count.Should().BeLessThanOrEqualTo(10);
        }

        finished.Should().Be(25);
        h.ChildrenStarted.Should().HaveCount(25);
        var collection = h.Collections.Should().ContainSingle().Subject;
        collection.Children.Should().Equal(Enumerable.Range(0, 25).Select(i => $"wf-1:each:{i}"));

        h.Collected("each", [.. Enumerable.Range(0, 25).Select(i => Result($"wf-1:each:{i}", WorkflowStatus.Completed, (i * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)))]);

        var output = h.Step("each").Output!.Value;
        output.GetProperty("count").GetInt32().Should().Be(25);
        output.GetProperty("failed").GetInt32().Should().Be(0);
        output.GetProperty("outputs").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(Enumerable.Range(0, 25).Select(i => i * 2));
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public void Foreach_FailFast_StopsTheOthersAndFailsTheStep()
    {
        var h = new EngineHarness(Foreach(concurrency: 3));
        h.Start("""{ "items": [1, 2, 3, 4, 5] }""");

        h.ChildrenFinished(Report(h.ChildrenStarted[1], WorkflowStatus.Failed, error: new StepError("boom", "no", false)));

        h.ChildrenCancelled.Should().BeEquivalentTo("wf-1:each:0", "wf-1:each:2");
        h.ChildrenStarted.Should().HaveCount(3, "nothing more starts after a failure");
        h.Step("each").Error!.Type.Should().Be(WorkflowExecution.ChildFailedError);
        h.State.Status.Should().Be(WorkflowStatus.Failed);
    }

    [Fact]
    public void Foreach_Collect_RunsEveryItemAndListsTheFailures()
    {
        var h = new EngineHarness(Foreach(concurrency: 2, policy: "collect"));
        h.Start("""{ "items": [1, 2, 3] }""");

        h.ChildrenFinished(Report(h.ChildrenStarted[0], WorkflowStatus.Failed, error: new StepError("boom", "no", false)));
        h.ChildrenFinished(Report(h.ChildrenStarted[1], WorkflowStatus.Completed, "4"));
        h.ChildrenFinished(Report(h.ChildrenStarted[2], WorkflowStatus.Completed, "6"));
        h.Collections.Should().ContainSingle();
        h.Collected("each", [
            Result("wf-1:each:0", WorkflowStatus.Failed, error: new StepError("boom", "no", false)),
            Result("wf-1:each:1", WorkflowStatus.Completed, "4"),
            Result("wf-1:each:2", WorkflowStatus.Completed, "6")]);

        var output = h.Step("each").Output!.Value;
        output.GetProperty("completed").GetInt32().Should().Be(2);
        output.GetProperty("failed").GetInt32().Should().Be(1);
        output.GetProperty("outputs").Compact().Should().Be("[null,4,6]");
        var failure = output.GetProperty("failures")[0];
        failure.GetProperty("index").GetInt32().Should().Be(0);
        failure.GetProperty("workflowId").GetString().Should().Be("wf-1:each:0");
        failure.GetProperty("error").GetProperty("type").GetString().Should().Be("boom");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Theory]
    [InlineData("""{ "items": {"a": 1} }""", "foreach.not-an-array")]
    [InlineData("""{ "items": "text" }""", "foreach.not-an-array")]
    public void Foreach_OverANonArray_FailsTheStepWithoutStartingChildren(string input, string error)
    {
        var h = new EngineHarness(Foreach(concurrency: 2));
        h.Start(input);

        h.ChildrenStarted.Should().BeEmpty();
        h.Step("each").Error!.Type.Should().Be(error);
        h.Step("each").Error!.Retryable.Should().BeFalse();
        h.State.Status.Should().Be(WorkflowStatus.Failed);
    }

    [Fact]
    public void Foreach_OverTooManyItems_Fails()
    {
        var h = new EngineHarness(Foreach(concurrency: 2));
        h.Start($$"""{ "items": [{{string.Join(",", Enumerable.Repeat(0, 10_001))}}] }""");

        h.Step("each").Error!.Type.Should().Be("foreach.too-many-items");
    }

    [Fact]
    public void Foreach_OverAnEmptyArray_CompletesWithNoOutputs()
    {
        var h = new EngineHarness(Foreach(concurrency: 2));
        h.Start("""{ "items": [] }""");
        h.Collections.Should().ContainSingle().Which.Children.Should().BeEmpty();

        h.Collected("each", []);

        h.Step("each").Output!.Value.GetProperty("count").GetInt32().Should().Be(0);
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public void Foreach_PerItemInput_RendersWithItemIndexAndTheParentScope()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "token", "type": "transform", "with": { "value": "t-1" } },
            { "id": "each", "type": "foreach", "dependsOn": ["token"], "with": {
                "items": "{{ input.users }}", "definition": "notify-user",
                "input": { "user": "{{ item.name }}", "position": "{{ index }}", "token": "{{ steps.token.output }}" } } } ] }
        """);
        h.Start("""{ "users": [ { "name": "ann" }, { "name": "bob" } ] }""");

        h.ChildrenStarted.Select(c => c.Command.Input.Compact()).Should().Equal(
            """{"user":"ann","position":0,"token":"t-1"}""", """{"user":"bob","position":1,"token":"t-1"}""");
        h.ChildrenStarted.Should().AllSatisfy(c => c.Command.Definition.Should().Be("notify-user"));
    }

    [Fact]
    public void DuplicateAndStaleReports_ChangeNothing()
    {
        var h = new EngineHarness(Foreach(concurrency: 1));
        h.Start("""{ "items": [1, 2] }""");
        var first = h.ChildrenStarted[0];
        h.ChildrenFinished(Report(first, WorkflowStatus.Completed, "2"));
        var events = h.State.HistoryLength;

        h.ChildrenFinished(Report(first, WorkflowStatus.Completed, "2")).StateChanged.Should().BeFalse();
        var stale = new ChildReport(first.Command.Parent! with { Run = 9, Index = 1 }, "x", WorkflowStatus.Completed, null, null);
        h.ChildrenFinished(stale).StateChanged.Should().BeFalse();

        h.State.HistoryLength.Should().Be(events);
        h.Step("each").Children!.Running.Should().Equal(1);
    }

    [Fact]
    public void Resume_AsksAgainForRunningChildren_AndCollectsAgain()
    {
        var h = new EngineHarness(Foreach(concurrency: 2));
        h.Start("""{ "items": [1, 2] }""");

        h.Resume().StartChildren.Select(c => c.ChildId).Should().Equal("wf-1:each:0", "wf-1:each:1");

        h.ChildrenFinished(Report(h.ChildrenStarted[0], WorkflowStatus.Completed, "2"), Report(h.ChildrenStarted[1], WorkflowStatus.Completed, "4"));
        h.Resume().Collect.Should().ContainSingle().Which.Children.Should().HaveCount(2);
    }

    [Fact]
    public void CancellingTheParent_StopsItsRunningChildren()
    {
        var h = new EngineHarness(Foreach(concurrency: 2));
        h.Start("""{ "items": [1, 2, 3] }""");

        h.Cancel("enough");

        h.ChildrenCancelled.Should().BeEquivalentTo("wf-1:each:0", "wf-1:each:1");
        h.Step("each").Status.Should().Be(StepStatus.Cancelled);
        h.Step("each").Children!.Running.Should().BeEmpty();
    }

    [Fact]
    public void Paused_StartsNoNewChildren_UntilResumed()
    {
        var h = new EngineHarness(Foreach(concurrency: 1));
        h.Start("""{ "items": [1, 2] }""");
        h.Execution.Pause("hold", h.Time.GetUtcNow());

        h.ChildrenFinished(Report(h.ChildrenStarted[0], WorkflowStatus.Completed, "2"));
        h.ChildrenStarted.Should().HaveCount(1);

        var resumed = h.Execution.Unpause(h.Time.GetUtcNow());
        resumed.StartChildren.Should().ContainSingle().Which.ChildId.Should().Be("wf-1:each:1");
    }

    [Fact]
    public void RetryAfterAFailedForeach_StartsANewRunWithNewChildIds()
    {
        var h = new EngineHarness(Foreach(concurrency: 2));
        h.Start("""{ "items": [1, 2] }""");
        h.ChildrenFinished(Report(h.ChildrenStarted[0], WorkflowStatus.Failed, error: new StepError("boom", "no", false)));
        h.State.Status.Should().Be(WorkflowStatus.Failed);

        var retry = h.Execution.Retry(new RetryWorkflowCommand(null, "again"), h.Time.GetUtcNow());

        retry.StartChildren.Select(c => c.ChildId).Should().Equal("wf-1:each:r2:0", "wf-1:each:r2:1");
        retry.StartChildren.Should().AllSatisfy(c => c.Command.Parent!.Run.Should().Be(2));
        h.State.Status.Should().Be(WorkflowStatus.Running);
    }

    [Fact]
    public void ParallelAll_RunsEveryBranch_AndOutputsEachByName()
    {
        var h = new EngineHarness(ParallelFlow.Replace("MODE", "all", StringComparison.Ordinal));
        h.Start("""{ "x": 1 }""");

        h.ChildrenStarted.Select(c => (c.ChildId, c.Command.Subflow)).Should().Equal(("wf-1:fan:0", "fan.left"), ("wf-1:fan:1", "fan.right"));
        h.ChildrenStarted[0].Command.Input.Compact().Should().Be("""{"x":1}""");
        h.ChildrenFinished(Report(h.ChildrenStarted[1], WorkflowStatus.Completed, "\"r\""), Report(h.ChildrenStarted[0], WorkflowStatus.Completed, "\"l\""));
        h.Collected("fan", [Result("wf-1:fan:0", WorkflowStatus.Completed, "\"l\""), Result("wf-1:fan:1", WorkflowStatus.Completed, "\"r\"")]);

        h.Step("fan").Output!.Value.Compact().Should().Be("""{"left":"l","right":"r"}""");
    }

    [Fact]
    public void ParallelAny_FirstBranchToCompleteWins_AndTheOthersAreStopped()
    {
        var h = new EngineHarness(ParallelFlow.Replace("MODE", "any", StringComparison.Ordinal));
        h.Start("""{ "x": 1 }""");

        h.ChildrenFinished(Report(h.ChildrenStarted[0], WorkflowStatus.Completed, "\"l\""));

        h.ChildrenCancelled.Should().Equal("wf-1:fan:1");
        h.Collections.Should().ContainSingle().Which.Children.Should().Equal("wf-1:fan:0");
        h.Collected("fan", [Result("wf-1:fan:0", WorkflowStatus.Completed, "\"l\"")]);
        h.Step("fan").Output!.Value.Compact().Should().Be("""{"branch":"left","output":"l"}""");
    }

    [Fact]
    public void ParallelAny_FailsOnlyWhenEveryBranchFailed()
    {
        var h = new EngineHarness(ParallelFlow.Replace("MODE", "any", StringComparison.Ordinal));
        h.Start("""{ "x": 1 }""");

        h.ChildrenFinished(Report(h.ChildrenStarted[0], WorkflowStatus.Failed, error: new StepError("a", "left broke", false)));
        h.Step("fan").Status.Should().Be(StepStatus.Running);
        h.ChildrenFinished(Report(h.ChildrenStarted[1], WorkflowStatus.Failed, error: new StepError("b", "right broke", false)));

        h.Step("fan").Status.Should().Be(StepStatus.Failed);
        h.Step("fan").Error!.Message.Should().Contain("left broke");
    }

    [Fact]
    public void Definition_KeepsInlineStepsAsSubflows()
    {
        var h = new EngineHarness(ParallelFlow.Replace("MODE", "all", StringComparison.Ordinal));

        h.Definition.Subflows.Keys.Should().BeEquivalentTo("fan.left", "fan.right");
        h.Definition.FindSubflow("fan.right")!.Steps.Should().ContainSingle().Which.Type.Should().Be("delay");
        h.Definition.FindSubflow("nope").Should().BeNull();
    }

    [Fact]
    public void ChildIds_OfALongParent_StayWithinTheIdLimit()
    {
        var parent = new string('p', 195);
        var execution = new WorkflowExecution(
            new Engine.Steps.StepKindRegistry([new Engine.Steps.ForeachStepKind()]), parent, new EngineHarness(Foreach(1)).Definition, new WorkflowState());

        var id = execution.ChildId("each", new ChildRuns { Run = 3 }, 9999);

        id.Length.Should().BeLessThanOrEqualTo(WorkflowExecution.MaxWorkflowIdLength);
        id.Should().EndWith(":each:r3:9999").And.Contain("~");
        execution.ChildId("each", new ChildRuns { Run = 3 }, 9999).Should().Be(id, "the id is deterministic");
    }

    private static ChildReport Report(ChildStart start, WorkflowStatus status, string? output = null, StepError? error = null) =>
        new(start.Command.Parent!, start.ChildId, status, output is null ? null : JsonDocument.Parse(output).RootElement.Clone(), error);

    private static ChildResult Result(string childId, WorkflowStatus status, string? output = null, StepError? error = null) =>
        new(childId, status, output is null ? null : JsonDocument.Parse(output).RootElement.Clone(), error);
}
