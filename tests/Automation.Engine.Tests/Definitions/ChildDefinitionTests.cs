using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Steps;

namespace Automation.Engine.Tests.Definitions;

/// <summary>Registration checks of <c>workflow</c>, <c>foreach</c> and <c>parallel</c>, and of the steps written inside them.</summary>
public sealed class ChildDefinitionTests
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
    public void Parse_BadWorkflowStep_NamesEachProblem()
    {
        var (_, errors) = Parse("""
        { "steps": [
            { "id": "a", "type": "workflow", "with": { } },
            { "id": "b", "type": "workflow", "with": { "definition": "bad name!", "version": 0, "id": "has space", "extra": 1 } } ] }
        """);

        errors.Select(e => e.Path).Should().BeEquivalentTo(
            "$.steps[0].with.definition", "$.steps[1].with.definition", "$.steps[1].with.version", "$.steps[1].with.id", "$.steps[1].with.extra");
    }

    [Fact]
    public void Parse_BadForeach_NamesEachProblem()
    {
        var (_, errors) = Parse("""
        { "steps": [
            { "id": "a", "type": "foreach", "with": { "items": 5, "maxConcurrency": 0, "failurePolicy": "ignore",
                "steps": [ { "id": "x", "type": "transform", "with": { "value": 1 } } ] } },
            { "id": "b", "type": "foreach", "with": { "items": [1], "definition": "other", "steps": [ { "id": "x", "type": "transform", "with": { "value": 1 } } ] } },
            { "id": "c", "type": "foreach", "with": { "items": [1], "maxConcurrency": 1001 } } ] }
        """);

        errors.Select(e => e.Path).Should().BeEquivalentTo(
            "$.steps[0].with.items", "$.steps[0].with.maxConcurrency", "$.steps[0].with.failurePolicy", "$.steps[1].with", "$.steps[2].with", "$.steps[2].with.maxConcurrency");
    }

    [Fact]
    public void Parse_MistakesInsideInlineSteps_AreReportedAtTheirOwnPaths()
    {
        var (_, errors) = Parse("""
        { "steps": [
            { "id": "each", "type": "foreach", "with": { "items": "{{ input.list }}",
                "steps": [
                    { "id": "one", "type": "nope" },
                    { "id": "two", "type": "transform", "dependsOn": ["ghost"], "with": { "value": "{{ steps.one.output }}" } } ],
                "output": "{{ steps.missing.output }}" } },
            { "id": "fan", "type": "parallel", "with": { "mode": "some", "branches": {
                "left": [ { "id": "l", "type": "delay", "with": { "duration": "soon" } } ],
                "bad name": [ ] } } } ] }
        """);

        errors.Select(e => e.Path).Should().BeEquivalentTo(
            "$.steps[0].with.steps[0].type",
            "$.steps[0].with.steps[1].dependsOn[0]",
            "$.steps[0].with.steps[1].with",
            "$.steps[0].with.output",
            "$.steps[1].with.mode",
            "$.steps[1].with.branches.bad name",
            "$.steps[1].with.branches.left[0].with.duration");
    }

    [Fact]
    public void Parse_InlineStepsReadTheChildsData_NotTheParentsGraph()
    {
        var (definition, errors) = Parse("""
        { "steps": [
            { "id": "list", "type": "transform", "with": { "value": [1, 2] } },
            { "id": "each", "type": "foreach", "dependsOn": ["list"], "with": { "items": "{{ steps.list.output }}",
                "steps": [
                    { "id": "a", "type": "transform", "with": { "value": "{{ input.item }}" } },
                    { "id": "b", "type": "transform", "dependsOn": ["a"], "with": { "value": "{{ steps.a.output }}" } } ],
                "output": "{{ steps.b.output }}" } } ] }
        """);

        errors.Should().BeEmpty();
        var subflow = definition!.FindSubflow("each")!;
        subflow.Steps.Select(s => s.Id).Should().Equal("a", "b");
        subflow.Output!.Value.GetString().Should().Be("{{ steps.b.output }}");
    }

    [Fact]
    public void Parse_ForeachReadingAParentStepOutsideItsDependencies_IsRejected()
    {
        var (_, errors) = Parse("""
        { "steps": [
            { "id": "list", "type": "transform", "with": { "value": [1, 2] } },
            { "id": "each", "type": "foreach", "with": { "items": "{{ steps.list.output }}", "definition": "other" } } ] }
        """);

        errors.Should().ContainSingle().Which.Path.Should().Be("$.steps[1].with");
    }

    [Fact]
    public void Parse_StepsNestedTooDeep_AreRejected()
    {
        var inner = """[ { "id": "leaf", "type": "transform", "with": { "value": 1 } } ]""";
        for (var i = 0; i < 5; i++)
        {
            inner = $$"""[ { "id": "level{{i}}", "type": "foreach", "with": { "items": [1], "steps": {{inner}} } } ]""";
        }

        var (_, errors) = Parse($$"""{ "steps": {{inner}} }""");

        errors.Should().ContainSingle().Which.Message.Should().Contain("nest too deep");
    }

    [Fact]
    public void ChildDefinitions_ListsLiteralNamesWithTheirPaths_IncludingInsideInlineSteps()
    {
        using var document = JsonDocument.Parse("""
        { "steps": [
            { "id": "a", "type": "workflow", "with": { "definition": "billing", "version": 3 } },
            { "id": "b", "type": "workflow", "with": { "definition": "{{ input.which }}" } },
            { "id": "fan", "type": "parallel", "with": { "branches": {
                "left": [ { "id": "c", "type": "foreach", "with": { "items": [1], "definition": "notify" } } ] } } } ] }
        """);

        Parser.ChildDefinitions(document.RootElement).Should().Equal(
            ("$.steps[0].with.definition", "billing", (int?)3),
            ("$.steps[2].with.branches.left[0].with.definition", "notify", (int?)null));
    }
}
