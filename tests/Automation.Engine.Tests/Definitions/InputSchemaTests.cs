using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Steps;
using Automation.Engine.Workflows;

namespace Automation.Engine.Tests.Definitions;

/// <summary>The definition's <c>input</c> JSON Schema: checked at registration, enforced at start (unit tier).</summary>
public sealed class InputSchemaTests
{
    private static readonly DefinitionParser Parser = new(new StepKindRegistry([new HttpStepKind(), new DelayStepKind(), new TransformStepKind()]));

    private const string Payments = """
    {
      "input": {
        "type": "object",
        "required": ["amount", "currency"],
        "properties": {
          "amount": { "type": "number", "minimum": 0 },
          "currency": { "enum": ["EUR", "USD"] },
          "lines": { "type": "array", "items": { "type": "string" } }
        },
        "additionalProperties": false
      },
      "steps": [ { "id": "a", "type": "transform", "with": { "value": "{{ input.amount }}" } } ]
    }
    """;

    private static (WorkflowDefinition? Definition, List<ValidationError> Errors) Parse(string json)
    {
        var errors = new List<ValidationError>();
        using var document = JsonDocument.Parse(json);
        return (Parser.Parse("payments", 1, document.RootElement, DateTimeOffset.UnixEpoch, errors), errors);
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void CheckInput_ManyViolations_ListsEachWithItsPath()
    {
        var (definition, _) = Parse(Payments);

        var errors = WorkflowExecution.CheckInput(definition!, Json("""{ "amount": -1, "lines": ["x", 2], "extra": true }"""));

        errors.Select(e => e.Path).Should().BeEquivalentTo(["$.input.currency", "$.input.amount", "$.input.lines[1]", "$.input.extra"]);
        errors.Single(e => e.Path == "$.input.currency").Message.Should().Be("Required property 'currency' is missing.");
        errors.Single(e => e.Path == "$.input.amount").Message.Should().Contain("should be at least 0");
        errors.Single(e => e.Path == "$.input.lines[1]").Message.Should().Contain("should be \"string\"");
        errors.Single(e => e.Path == "$.input.extra").Message.Should().Contain("not allowed");
    }

    [Fact]
    public void CheckInput_ValidInput_ReturnsNoErrors()
    {
        var (definition, errors) = Parse(Payments);

        errors.Should().BeEmpty();
        WorkflowExecution.CheckInput(definition!, Json("""{ "amount": 12.5, "currency": "EUR", "lines": ["a"] }""")).Should().BeEmpty();
    }

    [Fact]
    public void CheckInput_NoSchema_AcceptsAnyInput()
    {
        var (definition, _) = Parse("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");

        WorkflowExecution.CheckInput(definition!, Json("[1, 2]")).Should().BeEmpty();
    }

    [Fact]
    public void CheckInput_NotAnObject_ReportsTheRoot()
    {
        var (definition, _) = Parse(Payments);

        var errors = WorkflowExecution.CheckInput(definition!, Json("42"));

        errors.Should().ContainSingle().Which.Path.Should().Be("$.input");
    }

    [Fact]
    public void Parse_SchemaBreaksTheMetaSchema_ReportsEachMistakeWithItsPath()
    {
        var (definition, errors) = Parse("""
        { "input": { "type": "bogus", "minimum": "zero", "properties": { "x": { "required": "y" } } },
          "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }
        """);

        definition.Should().BeNull();
        errors.Select(e => e.Path).Distinct().Should().BeEquivalentTo(["$.input.type", "$.input.minimum", "$.input.properties.x.required"]);
        errors.Single(e => e.Path == "$.input.minimum").Message.Should().Be("Not a valid JSON Schema (draft 2020-12): Value is \"string\" but should be \"number\".");
    }

    [Theory]
    [InlineData("""{ "type": "string", "pattern": "(" }""", "Invalid pattern")]
    [InlineData("""[ "string" ]""", "Must be a JSON Schema (draft 2020-12) object, not an array")]
    public void Parse_InvalidSchema_ReportsInput(string schema, string reason)
    {
        var (definition, errors) = Parse($$"""{ "input": {{schema}}, "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");

        definition.Should().BeNull();
        errors.Should().ContainSingle().Which.Path.Should().Be("$.input");
        errors[0].Message.Should().Contain(reason);
    }

    [Fact]
    public void Parse_ReferencesThatDoNotResolve_ReportsEachWithItsPath()
    {
        var (definition, errors) = Parse("""
        {
          "input": {
            "$defs": { "money": { "type": "number" }, "tag": { "$anchor": "tag", "type": "string" } },
            "properties": {
              "a": { "$ref": "#/$defs/money" }, "b": { "$ref": "#tag" }, "c": { "$ref": "#/$defs/missing" },
              "d": { "prefixItems": [ { "$ref": "https://example.com/remote.json" } ] },
              "e": { "const": { "$ref": "#/not/a/schema" }, "examples": [ { "$ref": "nowhere" } ] }
            }
          },
          "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ]
        }
        """);

        definition.Should().BeNull();
        errors.Select(e => e.Path).Should().Equal("$.input.properties.c[\"$ref\"]", "$.input.properties.d.prefixItems[0][\"$ref\"]");
        errors[0].Message.Should().Contain("'#/$defs/missing' does not resolve within the schema");
    }

    [Fact]
    public void Parse_TwoDefinitionsWithTheSameSchemaId_DoNotCollide()
    {
        const string withId = """{ "input": { "$id": "https://example.com/payment", "type": "object" }, "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""";

        var (first, _) = Parse(withId);
        var (second, errors) = Parse(withId);

        errors.Should().BeEmpty();
        WorkflowExecution.CheckInput(first!, Json("1")).Should().ContainSingle();
        WorkflowExecution.CheckInput(second!, Json("{}")).Should().BeEmpty();
    }
}
