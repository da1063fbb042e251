using Automation.Engine.Workflows;
using Automation.Events;
using Automation.Workflows;

namespace Automation.Engine.Tests.Workflows;

/// <summary><c>when</c>, skip propagation and <c>switch</c> on the pure engine.</summary>
public sealed class BranchingTests
{
    private const string Route = """
    {
      "steps": [
        { "id": "route", "type": "switch", "with": {
            "cases": [ { "when": "{{ input.amount > 1000 }}", "next": ["bigApproval"] },
                       { "when": "{{ input.amount > 100 }}", "next": ["review"] } ],
            "default": ["autoApprove"] } },
        { "id": "bigApproval", "type": "transform", "dependsOn": ["route"], "with": { "value": "big" } },
        { "id": "review", "type": "transform", "dependsOn": ["route"], "with": { "value": "review" } },
        { "id": "autoApprove", "type": "transform", "dependsOn": ["route"], "with": { "value": "auto" } },
        { "id": "after", "type": "transform", "dependsOn": ["bigApproval"], "with": { "value": "{{ steps.bigApproval.output }}" } },
        { "id": "join", "type": "transform", "dependsOn": ["bigApproval", "review", "autoApprove"], "with": { "value": "joined" } }
      ]
    }
    """;

    private static IEnumerable<(string Step, string? Reason)> Skips(EngineHarness h) =>
        h.State.History.OfType<StepSkipped>().Select(e => (e.StepId, e.Reason));

    [Fact]
    public void When_True_RunsTheStep()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "a", "type": "transform", "when": "{{ input.go }}", "with": { "value": 1 } } ] }""");

        h.Start("""{ "go": true }""");

        h.Step("a").Status.Should().Be(StepStatus.Completed);
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public void When_False_SkipsTheStepAndStepsThatDependOnlyOnIt()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "a", "type": "transform", "when": "{{ input.n > 5 }}", "with": { "value": 1 } },
            { "id": "b", "type": "transform", "dependsOn": ["a"], "with": { "value": 2 } },
            { "id": "c", "type": "transform", "with": { "value": 3 } },
            { "id": "d", "type": "transform", "dependsOn": ["a", "c"], "with": { "value": 4 } } ] }
        """);

        h.Start("""{ "n": 3 }""");

        h.Step("a").Status.Should().Be(StepStatus.Skipped);
        h.Step("b").Status.Should().Be(StepStatus.Skipped);
        h.Step("d").Status.Should().Be(StepStatus.Completed, "one dependency completed, the other was skipped");
        h.State.Status.Should().Be(WorkflowStatus.Completed);
        Skips(h).Should().Equal(("a", SkipReasons.Condition), ("b", SkipReasons.Dependencies));
        h.State.History.OfType<StepScheduled>().Select(e => e.StepId).Should().Equal("c", "d");
    }

    [Fact]
    public void When_ReadsTheOutputOfADependency()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "a", "type": "transform", "with": { "value": { "ok": false } } },
            { "id": "b", "type": "transform", "dependsOn": ["a"], "when": "{{ steps.a.output.ok == false }}", "with": { "value": "fallback" } } ] }
        """);

        h.Start();

        h.Step("b").Status.Should().Be(StepStatus.Completed);
    }

    [Theory]
    [InlineData("{{ input.n }}", "the number 3")]
    [InlineData("yes {{ input.n }}", "the string \"yes 3\"")]
    public void When_NotABoolean_FailsTheStepNonRetryably(string when, string described)
    {
        var h = new EngineHarness($$"""{ "steps": [ { "id": "a", "type": "transform", "when": "{{when}}", "with": { "value": 1 } } ] }""");

        h.Start("""{ "n": 3 }""");

        h.Step("a").Status.Should().Be(StepStatus.Failed);
        h.Step("a").Error!.Type.Should().Be("condition");
        h.Step("a").Error!.Retryable.Should().BeFalse();
        h.Step("a").Error!.Message.Should().Be($"Condition \"{when}\" must render true or false, not {described}.");
        h.State.Status.Should().Be(WorkflowStatus.Failed);
    }

    [Fact]
    public void When_MissingData_FailsTheStepNamingTheCondition()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "a", "type": "transform", "when": "{{ input.missing > 1 }}", "with": { "value": 1 } } ] }""");

        h.Start();

        h.Step("a").Error!.Type.Should().Be("condition");
        h.Step("a").Error!.Message.Should().StartWith("Condition \"{{ input.missing > 1 }}\": ");
    }

    [Fact]
    public void When_IfTagRenderingTrue_IsAccepted()
    {
        var h = new EngineHarness("""{ "steps": [ { "id": "a", "type": "transform", "when": "{% if input.n > 1 %}true{% else %}false{% endif %}", "with": { "value": 1 } } ] }""");

        h.Start("""{ "n": 3 }""");

        h.Step("a").Status.Should().Be(StepStatus.Completed);
    }

    [Fact]
    public void AllDependenciesSkipped_SkipsTheStep_AndTheWorkflowCompletes()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "a", "type": "transform", "when": "false", "with": { "value": 1 } },
            { "id": "b", "type": "transform", "when": "{{ false }}", "with": { "value": 2 } },
            { "id": "c", "type": "transform", "dependsOn": ["a", "b"], "with": { "value": 3 } } ] }
        """);

        h.Start();

        h.Step("c").Status.Should().Be(StepStatus.Skipped);
        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.State.Output!.Value.GetRawText().Should().Be("""{"c":null}""");
    }

    [Fact]
    public void Switch_FirstMatchingCase_RunsItsBranch_SkipsTheOthers_AndTheJoinRuns()
    {
        var h = new EngineHarness(Route);

        h.Start("""{ "amount": 5000 }""");

        h.Step("route").Output!.Value.GetRawText().Should().Be("""{"case":0,"branch":["bigApproval"]}""");
        h.Step("bigApproval").Status.Should().Be(StepStatus.Completed);
        h.Step("after").Status.Should().Be(StepStatus.Completed);
        h.Step("review").Status.Should().Be(StepStatus.Skipped);
        h.Step("autoApprove").Status.Should().Be(StepStatus.Skipped);
        h.Step("join").Status.Should().Be(StepStatus.Completed);
        Skips(h).Should().BeEquivalentTo([("review", SkipReasons.Branch), ("autoApprove", SkipReasons.Branch)]);
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public void Switch_SecondCase_IsTakenWhenTheFirstIsFalse_AndStepsOnlyReachableThroughOtherBranchesAreSkipped()
    {
        var h = new EngineHarness(Route);

        h.Start("""{ "amount": 500 }""");

        h.Step("route").Output!.Value.GetRawText().Should().Be("""{"case":1,"branch":["review"]}""");
        h.Step("review").Status.Should().Be(StepStatus.Completed);
        h.Step("bigApproval").Status.Should().Be(StepStatus.Skipped);
        h.Step("after").Status.Should().Be(StepStatus.Skipped);
        Skips(h).Should().Contain(("after", SkipReasons.Dependencies));
        h.Step("join").Status.Should().Be(StepStatus.Completed);
    }

    [Fact]
    public void Switch_NoCaseMatches_TakesTheDefault()
    {
        var h = new EngineHarness(Route);

        h.Start("""{ "amount": 5 }""");

        h.Step("route").Output!.Value.GetRawText().Should().Be("""{"case":null,"branch":["autoApprove"]}""");
        h.Step("autoApprove").Status.Should().Be(StepStatus.Completed);
        h.Step("bigApproval").Status.Should().Be(StepStatus.Skipped);
        h.Step("review").Status.Should().Be(StepStatus.Skipped);
        h.Step("join").Status.Should().Be(StepStatus.Completed);
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public void Switch_NotTakenBranchWithAnotherCompletedDependency_IsStillSkipped()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "x", "type": "transform", "with": { "value": 1 } },
            { "id": "route", "type": "switch", "with": { "cases": [ { "when": "{{ input.a }}", "next": ["a"] } ], "default": ["b"] } },
            { "id": "a", "type": "transform", "dependsOn": ["route", "x"], "with": { "value": "a" } },
            { "id": "b", "type": "transform", "dependsOn": ["route"], "with": { "value": "b" } },
            { "id": "always", "type": "transform", "dependsOn": ["route"], "with": { "value": "always" } } ] }
        """);

        h.Start("""{ "a": false }""");

        h.Step("a").Status.Should().Be(StepStatus.Skipped);
        h.Step("b").Status.Should().Be(StepStatus.Completed);
        h.Step("always").Status.Should().Be(StepStatus.Completed, "a dependent the switch does not route to always runs");
    }

    [Fact]
    public void Switch_CaseNotABoolean_FailsNamingTheCondition()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "route", "type": "switch", "with": { "cases": [ { "when": "{{ input.amount }}", "next": ["a"] } ] } },
            { "id": "a", "type": "transform", "dependsOn": ["route"], "with": { "value": "a" } } ] }
        """);

        h.Start("""{ "amount": 7 }""");

        h.Step("route").Error.Should().Be(new StepError("condition", "Case 0 condition \"{{ input.amount }}\" must render true or false, not the number 7.", false));
        h.State.Status.Should().Be(WorkflowStatus.Failed);
    }

    [Fact]
    public void Switch_NoMatchAndNoDefault_SkipsEveryBranch()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "route", "type": "switch", "with": { "cases": [ { "when": "{{ false }}", "next": ["a"] } ] } },
            { "id": "a", "type": "transform", "dependsOn": ["route"], "with": { "value": "a" } } ] }
        """);

        h.Start();

        h.Step("route").Output!.Value.GetRawText().Should().Be("""{"case":null,"branch":[]}""");
        h.Step("a").Status.Should().Be(StepStatus.Skipped);
        h.State.Status.Should().Be(WorkflowStatus.Completed);
    }

    [Fact]
    public void FailedWorkflow_SkipsPendingStepsWithTheReasonWorkflowFailed()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "a", "type": "transform", "when": "{{ 1 }}", "with": { "value": 1 } },
            { "id": "b", "type": "transform", "dependsOn": ["a"], "with": { "value": 2 } } ] }
        """);

        h.Start();

        Skips(h).Should().Equal(("b", SkipReasons.WorkflowFailed));
    }

    [Fact]
    public void SkippedStepOutput_IsMissingDataForTemplates()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "a", "type": "transform", "when": "false", "with": { "value": 1 } },
            { "id": "b", "type": "transform", "with": { "value": 2 } },
            { "id": "c", "type": "transform", "dependsOn": ["a", "b"], "with": { "value": "{{ steps.a.output | default: 'none' }}" } } ] }
        """);

        h.Start();

        h.Step("c").Output!.Value.GetString().Should().Be("none");
    }
}
