using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Steps;

namespace Automation.Engine.Tests.Definitions;

/// <summary>Registration checks of <c>when</c>, <c>switch</c>, <c>wait</c> and declared signals.</summary>
public sealed class BranchingDefinitionTests
{
    private static readonly DefinitionParser Parser = new(new StepKindRegistry(
        [new HttpStepKind(), new DelayStepKind(), new TransformStepKind(), new SwitchStepKind(), new WaitStepKind(), new WorkflowStepKind(), new ForeachStepKind(), new ParallelStepKind()]));

    private static (WorkflowDefinition? Definition, List<ValidationError> Errors) Parse(string json)
    {
        var errors = new List<ValidationError>();
        using var document = JsonDocument.Parse(json);
        return (Parser.Parse("orders", 1, document.RootElement, DateTimeOffset.UnixEpoch, errors), errors);
    }

    [Fact]
    public void Parse_SwitchRoutingToUnknownOrIndependentSteps_NamesEachWithItsPath()
    {
        var (_, errors) = Parse("""
        { "steps": [
            { "id": "route", "type": "switch", "with": { "cases": [ { "when": "{{ input.a }}", "next": ["a", "ghost"] } ], "default": ["b"] } },
            { "id": "a", "type": "transform", "dependsOn": ["route"], "with": { "value": 1 } },
            { "id": "b", "type": "transform", "with": { "value": 2 } } ] }
        """);

        errors.Should().BeEquivalentTo(new[]
        {
            new ValidationError("$.steps[0].with.cases[0].next[1]", "Unknown step 'ghost'."),
            new ValidationError("$.steps[0].with.default[0]", "Step 'b' must depend on 'route' (add \"route\" to its dependsOn)."),
        });
    }

    [Fact]
    public void Parse_SwitchWithoutCasesOrWithBadNext_IsRejected()
    {
        var (_, errors) = Parse("""
        { "steps": [
            { "id": "r1", "type": "switch", "with": { } },
            { "id": "r2", "type": "switch", "with": { "cases": [ { "when": "{{ true }}", "next": "a" }, { "next": ["{{ input.x }}"] } ], "other": 1 } } ] }
        """);

        errors.Select(e => e.Path).Should().BeEquivalentTo(
            "$.steps[0].with.cases", "$.steps[1].with.other", "$.steps[1].with.cases[0].next",
            "$.steps[1].with.cases[1].when", "$.steps[1].with.cases[1].next[0]");
    }

    [Fact]
    public void Parse_When_ReadingAStepThatIsNotADependency_IsRejected()
    {
        var (_, errors) = Parse("""
        { "steps": [
            { "id": "a", "type": "transform", "with": { "value": 1 } },
            { "id": "b", "type": "transform", "when": "{{ steps.a.output == 1 }}", "with": { "value": 2 } },
            { "id": "c", "type": "transform", "when": 3, "with": { "value": 2 } },
            { "id": "d", "type": "transform", "when": "{{ 1 | shout }}", "with": { "value": 2 } } ] }
        """);

        errors.Select(e => e.Path).Should().BeEquivalentTo("$.steps[1].when", "$.steps[2].when", "$.steps[3].when");
        errors[0].Message.Should().NotBeEmpty();
    }

    [Fact]
    public void Parse_Wait_ChecksSignalApprovalAndOnTimeout()
    {
        var (_, errors) = Parse("""
        { "steps": [
            { "id": "a", "type": "wait", "with": { } },
            { "id": "b", "type": "wait", "with": { "signal": "bad name" } },
            { "id": "c", "type": "wait", "with": { "approval": { "approvers": [1] } } },
            { "id": "d", "type": "wait", "with": { "signal": "ok" }, "onTimeout": { "fail": true } },
            { "id": "e", "type": "wait", "with": { "signal": "ok" }, "timeout": "1h", "onTimeout": { "retry": 1 } },
            { "id": "f", "type": "transform", "with": { "value": 1 }, "onTimeout": { "fail": true } } ] }
        """);

        errors.Select(e => e.Path).Should().BeEquivalentTo(
            "$.steps[0].with", "$.steps[1].with.signal", "$.steps[2].with.approval.approvers",
            "$.steps[3].onTimeout", "$.steps[4].onTimeout", "$.steps[5].onTimeout");
    }

    [Fact]
    public void Parse_DeclaredSignals_AreKeptAndWaitStepsMustUseThem()
    {
        var (_, errors) = Parse("""
        { "signals": ["paid", "paid", "no good"], "steps": [ { "id": "a", "type": "wait", "with": { "signal": "shipped" } } ] }
        """);
        var (definition, none) = Parse("""{ "signals": ["paid"], "steps": [ { "id": "a", "type": "wait", "with": { "signal": "paid" }, "timeout": "2h" } ] }""");

        errors.Select(e => e.Path).Should().BeEquivalentTo("$.signals[1]", "$.signals[2]", "$.steps[0].with.signal");
        none.Should().BeEmpty();
        definition!.Signals.Should().Equal("paid");
        definition.Steps[0].DeclaredTimeout.Should().Be(TimeSpan.FromHours(2));
    }
}
