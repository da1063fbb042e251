using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Steps;

namespace Automation.Engine.Tests.Steps;

/// <summary>Registration-time checks of the transform pipeline: every mistake is reported with its JSON path.</summary>
public sealed class TransformValidationTests
{
    private static readonly DefinitionParser Parser = new(new StepKindRegistry([new HttpStepKind(), new DelayStepKind(), new TransformStepKind()]));

    private static List<ValidationError> Errors(string with, string before = "")
    {
        var errors = new List<ValidationError>();
        using var document = JsonDocument.Parse($$"""{ "steps": [ {{before}} { "id": "t", "type": "transform", "with": {{with}} } ] }""");
        Parser.Parse("orders", 1, document.RootElement, DateTimeOffset.UnixEpoch, errors);
        return errors;
    }

    private static string Message(List<ValidationError> errors, string path) => errors.Should().ContainSingle(e => e.Path == path).Which.Message;

    [Fact]
    public void Validate_ValidPipeline_HasNoErrors()
    {
        var errors = Errors("""
        { "input": "{{ input.items }}", "operations": [
            { "filter": "{{ item.price < 10 }}" }, { "filter": true }, { "map": { "a": "{{ item.a }}", "n": 1 } },
            { "sort": "{{ item.a }}" }, { "sort": true }, { "sort": { "by": ["{{ item.a }}", "{{ item.b }}"], "order": "desc" } },
            { "distinct": true }, { "distinct": "{{ item.a }}" },
            { "groupBy": { "key": "{{ item.r }}", "items": true, "aggregates": { "n": { "count": true }, "s": { "sum": "{{ item.t }}" }, "a": { "avg": "{{ item.t }}" }, "lo": { "min": "{{ item.t }}" }, "hi": { "max": "{{ item.t }}" } } } },
            { "join": { "with": "{{ input.other }}", "left": "{{ item.a }}", "right": "{{ item.b }}", "kind": "left", "as": "other" } },
            { "flatten": true }, { "flatten": "{{ item.lines }}" }, { "slice": { "start": -1, "count": "{{ input.n }}" } } ],
          "output": { "n": "{{ result | size }}" } }
        """);
        var csv = Errors("""{ "csv": { "text": "{{ input.t }}", "delimiter": "\t", "header": false, "columns": ["a", "b"], "types": "string" } }""");

        errors.Should().BeEmpty();
        csv.Should().BeEmpty();
    }

    [Fact]
    public void Validate_ManyMistakes_ReportsEachWithItsPath()
    {
        var errors = Errors("""
        { "input": "{{ input.items }}", "operations": [
            { "filter": "price < 10" },
            { "sort": { "by": "{{ item.a }}", "order": "up" } },
            { "explode": true },
            { "join": { "with": "{{ input.o }}", "left": "{{ item.a }}", "kind": "outer" } },
            { "groupBy": { "key": "{{ item.r }}", "aggregates": { "m": { "median": "{{ item.t }}" }, "c": { "count": "{{ item.t }}" }, "key": { "sum": "{{ item.t }}" }, "two": { "sum": "{{ item.t }}", "avg": "{{ item.t }}" } } } },
            { "slice": { "start": 1.5, "count": -1 } },
            { "distinct": false },
            { "flatten": 2 },
            { "map": "{{ item.a | shout }}" },
            { "filter": true, "map": 1 },
            "sort",
            { "sort": "price" },
            { "groupBy": { "key": "region" } } ] }
        """);

        errors.Select(e => e.Path).Should().BeEquivalentTo(
        [
            "$.steps[0].with.operations[0].filter",
            "$.steps[0].with.operations[1].sort.order",
            "$.steps[0].with.operations[2].explode",
            "$.steps[0].with.operations[3].join.right",
            "$.steps[0].with.operations[3].join.kind",
            "$.steps[0].with.operations[4].groupBy.aggregates.m.median",
            "$.steps[0].with.operations[4].groupBy.aggregates.c.count",
            "$.steps[0].with.operations[4].groupBy.aggregates.key",
            "$.steps[0].with.operations[4].groupBy.aggregates.two",
            "$.steps[0].with.operations[5].slice.start",
            "$.steps[0].with.operations[5].slice.count",
            "$.steps[0].with.operations[6].distinct",
            "$.steps[0].with.operations[7].flatten",
            "$.steps[0].with.operations[8].map",
            "$.steps[0].with.operations[9]",
            "$.steps[0].with.operations[10]",
            "$.steps[0].with.operations[11].sort",
            "$.steps[0].with.operations[12].groupBy.key",
        ]);
        Message(errors, "$.steps[0].with.operations[11].sort").Should().Be("Must be a template such as \"{{ item.price }}\", not the plain string \"price\", which is the same for every item.");
        Message(errors, "$.steps[0].with.operations[1].sort.order").Should().Be("Must be one of \"asc\", \"desc\", not \"up\".");
        Message(errors, "$.steps[0].with.operations[2].explode").Should().Be("Unknown operation 'explode'. Known: filter, map, sort, distinct, groupBy, join, flatten, slice.");
        Message(errors, "$.steps[0].with.operations[3].join.kind").Should().Be("Must be one of \"inner\", \"left\", not \"outer\".");
        Message(errors, "$.steps[0].with.operations[4].groupBy.aggregates.m.median").Should().Be("Unknown aggregate function 'median'. Allowed: count, sum, avg, min, max.");
        Message(errors, "$.steps[0].with.operations[0].filter").Should().Contain("Must be a single {{ ... }} expression");
        Message(errors, "$.steps[0].with.operations[8].map").Should().Be("Invalid template: Unknown filter 'shout'.");
    }

    [Fact]
    public void Validate_FormMistakes_ReportPaths()
    {
        Message(Errors("""{ "value": 1, "input": [] }"""), "$.steps[0].with").Should().StartWith("Use either 'value'");
        Message(Errors("""{ "operations": [] }"""), "$.steps[0].with.input").Should().StartWith("Required: the array to process");
        Message(Errors("""{ "input": [], "csv": { "text": "a" } }"""), "$.steps[0].with.csv").Should().Contain("not both");
        Message(Errors("""{ "input": { "a": 1 } }"""), "$.steps[0].with.input").Should().Be("Must be an array, or a template that renders one, not an object.");
        Message(Errors("""{ "input": [], "operations": { "filter": true } }"""), "$.steps[0].with.operations").Should().StartWith("Must be an array of operations");
        Message(Errors("""{ "input": [], "extra": 1 }"""), "$.steps[0].with.extra").Should().StartWith("Unknown property 'extra'. Allowed: value, input, csv, operations, output.");
        Message(Errors("""{ }"""), "$.steps[0].with.value").Should().StartWith("Required: the JSON value");
    }

    [Fact]
    public void Validate_CsvMistakes_ReportPaths()
    {
        var errors = Errors("""{ "csv": { "delimiter": ";;", "header": "yes", "columns": ["a"], "types": "guess", "quote": "'" } }""");
        var columns = Errors("""{ "csv": { "text": "x", "header": false, "columns": ["a", "a", ""] } }""");

        errors.Select(e => e.Path).Should().BeEquivalentTo(
        [
            "$.steps[0].with.csv.text", "$.steps[0].with.csv.delimiter", "$.steps[0].with.csv.header",
            "$.steps[0].with.csv.columns", "$.steps[0].with.csv.types", "$.steps[0].with.csv.quote",
        ]);
        columns.Select(e => e.Path).Should().Equal("$.steps[0].with.csv.columns[1]", "$.steps[0].with.csv.columns[2]");
    }

    [Fact]
    public void Validate_StepReadInsideOperations_MustBeADependency()
    {
        var errors = Errors("""{ "input": [], "operations": [ { "map": "{{ item.a | plus: steps.rates.output.x }}" } ] }""",
            """{ "id": "rates", "type": "transform", "with": { "value": 1 } },""");

        errors.Should().ContainSingle().Which.Should().Be(new ValidationError("$.steps[1].with",
            "Step 't' reads steps.rates, which is not among its dependencies (add it to dependsOn)."));
    }
}
