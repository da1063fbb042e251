using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Steps;

namespace Automation.Engine.Tests.Definitions;

/// <summary>Definition validation: every error is reported with its JSON path (unit tier: no silo, no database).</summary>
public sealed class DefinitionParserTests
{
    private static readonly DefinitionParser Parser = new(new StepKindRegistry([new HttpStepKind(), new DelayStepKind(), new TransformStepKind()]));

    private static (WorkflowDefinition? Definition, List<ValidationError> Errors) Parse(string json, string name = "orders")
    {
        var errors = new List<ValidationError>();
        using var document = JsonDocument.Parse(json);
        var definition = Parser.Parse(name, 1, document.RootElement, DateTimeOffset.UnixEpoch, errors);
        return (definition, errors);
    }

    [Fact]
    public void Parse_ValidDefinition_AppliesDefaultsAndStepOverrides()
    {
        var (definition, errors) = Parse("""
        {
          "name": "orders", "description": "d",
          "defaults": { "retry": { "maxAttempts": 5, "initialInterval": "2s" }, "timeout": "1m" },
          "steps": [
            { "id": "a", "type": "transform", "with": { "value": 1 } },
            { "id": "b", "type": "http", "dependsOn": ["a"], "timeout": "250ms", "retry": { "maxAttempts": 2 },
              "with": { "url": "https://example.com/{{ steps.a.output }}" } }
          ]
        }
        """);

        errors.Should().BeEmpty();
        definition!.Description.Should().Be("d");
        definition.Steps[0].Retry.MaxAttempts.Should().Be(5);
        definition.Steps[0].Retry.InitialInterval.Should().Be(TimeSpan.FromSeconds(2));
        definition.Steps[0].Retry.MaxInterval.Should().Be(TimeSpan.FromSeconds(200), "maxInterval defaults to 100 x initialInterval");
        definition.Steps[1].Retry.MaxInterval.Should().Be(TimeSpan.FromSeconds(200), "a step retry without intervals inherits maxInterval");
        definition.Steps[0].Timeout.Should().Be(TimeSpan.FromMinutes(1));
        definition.Steps[1].Retry.MaxAttempts.Should().Be(2);
        definition.Steps[1].Retry.InitialInterval.Should().Be(TimeSpan.FromSeconds(2), "unset step fields inherit the defaults");
        definition.Steps[1].Timeout.Should().Be(TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public void Parse_ManyMistakes_ReportsEachWithItsPath()
    {
        var (definition, errors) = Parse("""
        {
          "steps": [
            { "id": "a", "type": "http", "with": { "url": "ftp://nope", "method": "FETCH" } },
            { "id": "a", "type": "teleport" },
            { "id": "c", "type": "delay", "dependsOn": ["zzz"], "with": { "duration": "5 parsecs" }, "timeout": "soon",
              "retry": { "maxAttempts": 0, "backoffCoefficient": 0.5 } },
            { "type": "transform", "with": { }, "depends_on": [] }
          ]
        }
        """);

        definition.Should().BeNull();
        errors.Select(e => e.Path).Should().BeEquivalentTo(
        [
            "$.steps[0].with.url",
            "$.steps[0].with.method",
            "$.steps[1].id",
            "$.steps[1].type",
            "$.steps[2].dependsOn[0]",
            "$.steps[2].with.duration",
            "$.steps[2].timeout",
            "$.steps[2].retry.maxAttempts",
            "$.steps[2].retry.backoffCoefficient",
            "$.steps[3].id",
            "$.steps[3].with.value",
            "$.steps[3].depends_on",
        ]);
        errors.Single(e => e.Path == "$.steps[1].id").Message.Should().Contain("Duplicate step id 'a'");
        errors.Single(e => e.Path == "$.steps[2].dependsOn[0]").Message.Should().Contain("Unknown step 'zzz'");
        errors.Single(e => e.Path == "$.steps[1].type").Message.Should().Contain("teleport").And.Contain("delay, http, transform");
    }

    [Fact]
    public void Parse_Cycle_ReportsTheCycle()
    {
        var (_, errors) = Parse("""
        { "steps": [
            { "id": "a", "type": "transform", "dependsOn": ["c"], "with": { "value": 1 } },
            { "id": "b", "type": "transform", "dependsOn": ["a"], "with": { "value": 1 } },
            { "id": "c", "type": "transform", "dependsOn": ["b"], "with": { "value": 1 } } ] }
        """);

        errors.Should().ContainSingle().Which.Message.Should().Be("Dependency cycle: a -> c -> b -> a.");
    }

    /// <summary>Issue 5: a duplicate id used to stop the graph check, so the cycle went unreported.</summary>
    [Fact]
    public void Parse_DuplicateIdsAndACycle_ReportsBoth()
    {
        var (_, errors) = Parse("""
        { "steps": [
            { "id": "a", "type": "transform", "dependsOn": ["b"], "with": { "value": 1 } },
            { "id": "b", "type": "transform", "dependsOn": ["a"], "with": { "value": 1 } },
            { "id": "b", "type": "transform", "with": { "value": 2 } },
            { "id": "c", "type": "transform", "dependsOn": ["nope"], "with": { "value": "{{ steps.zz.output }}" } } ] }
        """);

        errors.Select(e => e.Path).Should().BeEquivalentTo("$.steps[2].id", "$.steps[3].dependsOn[0]", "$.steps[0].dependsOn");
        errors.Single(e => e.Path == "$.steps[2].id").Message.Should().Be("Duplicate step id 'b'.");
        errors.Single(e => e.Path == "$.steps[0].dependsOn").Message.Should().Be("Dependency cycle: a -> b -> a.");
    }

    [Fact]
    public void Parse_DuplicateIdsWithoutACycle_StillChecksTemplateReferences()
    {
        var (_, errors) = Parse("""
        { "steps": [
            { "id": "a", "type": "transform", "with": { "value": 1 } },
            { "id": "a", "type": "transform", "with": { "value": 2 } },
            { "id": "c", "type": "transform", "with": { "value": "{{ steps.a.output }}" } } ] }
        """);

        errors.Select(e => e.Message).Should().BeEquivalentTo(
            "Duplicate step id 'a'.", "Step 'c' reads steps.a, which is not among its dependencies (add it to dependsOn).");
    }

    [Fact]
    public void Parse_SelfDependency_IsAnError()
    {
        var (_, errors) = Parse("""{ "steps": [ { "id": "a", "type": "transform", "dependsOn": ["a"], "with": { "value": 1 } } ] }""");

        errors.Should().ContainSingle().Which.Path.Should().Be("$.steps[0].dependsOn[0]");
    }

    [Fact]
    public void Parse_TemplateReadsStepThatIsNotADependency_IsAnError()
    {
        var (_, errors) = Parse("""
        { "steps": [
            { "id": "a", "type": "transform", "with": { "value": 1 } },
            { "id": "b", "type": "transform", "with": { "value": "{{ steps.a.output }} {{ steps.ghost.output }}" } } ] }
        """);

        errors.Select(e => e.Message).Should().BeEquivalentTo(
        [
            "Step 'b' reads steps.a, which is not among its dependencies (add it to dependsOn).",
            "Step 'b' reads steps.ghost, which does not exist.",
        ]);
    }

    [Fact]
    public void Parse_TemplateSyntaxError_ReportsPathOfTheString()
    {
        var (_, errors) = Parse("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": { "x": "{{ input.a " } } } ] }""");

        errors.Should().ContainSingle().Which.Path.Should().Be("$.steps[0].with.value.x");
    }

    [Theory]
    [InlineData("[]", "$")]
    [InlineData("""{ "steps": [] }""", "$.steps")]
    [InlineData("""{ "name": "other", "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""", "$.name")]
    [InlineData("""{ "defaults": 3, "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""", "$.defaults")]
    [InlineData("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 }, "retry": { "initialInterval": "10s", "maxInterval": "1s" } } ] }""", "$.steps[0].retry.maxInterval")]
    [InlineData("""{ "steps": [ { "id": "a", "type": "http", "with": { "url": "http://x", "headers": { "A": 1 } } } ] }""", "$.steps[0].with.headers.A")]
    [InlineData("""{ "steps": [ { "id": "a", "type": "http", "with": { "url": "http://x", "retryStatus": ["6xx"] } } ] }""", "$.steps[0].with.retryStatus[0]")]
    [InlineData("""{ "steps": [ { "id": "a b", "type": "transform", "with": { "value": 1 } } ] }""", "$.steps[0].id")]
    [InlineData("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ], "input": 5 }""", "$.input")]
    [InlineData("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ], "output": "{{ steps.ghost.output }}" }""", "$.output")]
    [InlineData("""{ "steps": [ { "id": "a", "type": "http", "with": { "url": "http://x", "headers": { "Bad Name": "v" } } } ] }""", "$.steps[0].with.headers")]
    [InlineData("""{ "steps": [ { "id": "a", "type": "http", "timeout": "60d", "with": { "url": "http://x" } } ] }""", "$.steps[0].timeout")]
    [InlineData("""{ "steps": [ { "id": "a", "type": "http", "retry": { "initialInterval": "200000d" }, "with": { "url": "http://x" } } ] }""", "$.steps[0].retry.initialInterval")]
    [InlineData("""{ "description": "a\u0000b", "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""", "$.description")]
    public void Parse_SingleMistake_IsReportedAtPath(string json, string path)
    {
        var (definition, errors) = Parse(json);

        definition.Should().BeNull();
        errors.Should().ContainSingle().Which.Path.Should().Be(path);
    }

    [Fact]
    public void Parse_TemplatedUrlAndDuration_AreCheckedAtRunTimeNotRegistration()
    {
        var (definition, errors) = Parse("""
        { "steps": [
            { "id": "a", "type": "http", "with": { "url": "{{ input.url }}" } },
            { "id": "b", "type": "delay", "with": { "duration": "{{ input.wait }}" } } ] }
        """);

        errors.Should().BeEmpty();
        definition.Should().NotBeNull();
    }

    [Fact]
    public void Parse_TooManySteps_IsRejectedBeforeGraphChecks()
    {
        var steps = string.Join(",", Enumerable.Range(0, DefinitionParser.MaxSteps + 1)
            .Select(i => $$"""{ "id": "s{{i}}", "type": "transform", "dependsOn": [{{(i > 0 ? $"\"s{i - 1}\"" : "")}}], "with": { "value": 1 } }"""));

        var (_, errors) = Parse($$"""{ "steps": [{{steps}}] }""");

        errors.Should().ContainSingle().Which.Path.Should().Be("$.steps");
    }

}
