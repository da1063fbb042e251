using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Automation.Workflows;
using static Automation.Engine.Tests.Steps.TransformRun;

namespace Automation.Engine.Tests.Steps;

/// <summary>Bad data fails a transform step at once with a typed error that is never retried; large inputs stay fast.</summary>
public sealed class TransformFailureTests
{
    [Theory]
    [InlineData("""{ "input": "{{ input.obj }}", "operations": [] }""", "transform.not-an-array", "input must be an array, not an object.")]
    [InlineData("""{ "input": [1], "operations": [ { "flatten": "{{ item }}" } ] }""", "transform.not-an-array", "operations[0].flatten: item 0: the template gave a number (1), not an array.")]
    [InlineData("""{ "input": [1], "operations": [ { "join": { "with": "{{ input.obj }}", "left": "{{ item }}", "right": "{{ item }}" } } ] }""", "transform.not-an-array", "operations[0].join: with must be an array, not an object.")]
    [InlineData("""{ "input": [1], "operations": [ { "join": { "with": [1], "left": "{{ item }}", "right": "{{ item }}" } } ] }""", "transform.not-an-object", "operations[0].join: item 0 is a number (1); only objects can be joined.")]
    [InlineData("""{ "input": [ { "t": 1 }, { "t": "x" } ], "operations": [ { "groupBy": { "key": "{{ 'all' }}", "aggregates": { "total": { "sum": "{{ item.t }}" } } } } ] }""", "transform.not-a-number", "operations[0].groupBy: aggregate 'total' (sum) needs numbers, but item 1 gave a string (\"x\").")]
    [InlineData("""{ "input": [1], "operations": [ { "slice": { "count": "{{ input.obj }}" } } ] }""", "transform.invalid-argument", "operations[0].slice: count must be a whole number, not an object.")]
    [InlineData("""{ "input": [ { "a": 1 }, { "b": 2 } ], "operations": [ { "map": "{{ item.a }}" } ] }""", "template", "operations[0].map: Item 1: Template '{{ item.a }}' references missing data 'item.a'.")]
    [InlineData("""{ "input": [1], "output": "{{ result.x }}" }""", "template", "output: Template '{{ result.x }}' references missing data 'result.x'.")]
    public void Activate_BadData_FailsTheStepWithATypedNonRetryableError(string with, string type, string message)
    {
        var error = Failure(with, """{ "obj": { "a": 1 } }""");

        error.Type.Should().Be(type);
        error.Message.Should().Be(message);
        error.Retryable.Should().BeFalse();
    }

    [Fact]
    public void Activate_Failure_FailsTheWorkflowOnceWithoutRetrying()
    {
        var h = Workflow("""
            { "id": "t", "type": "transform", "retry": { "maxAttempts": 5 }, "with": { "csv": { "text": "a\n\"open" } } },
            { "id": "after", "type": "http", "dependsOn": ["t"], "with": { "url": "http://svc/x" } }
            """);

        h.State.Status.Should().Be(WorkflowStatus.Failed);
        h.State.Error!.Message.Should().Be("Step 't' failed: csv: line 2: a quoted field is not closed (a quote inside a quoted field is written as two quotes, \"\").");
        h.Step("t").AttemptsFinished.Should().Be(1);
        h.Step("t").NextAttemptAt.Should().BeNull();
        h.Step("after").Status.Should().Be(StepStatus.Skipped);
        h.History.Should().Equal("WorkflowStarted", "StepScheduled", "StepStarted", "StepFailed", "StepSkipped", "WorkflowFailed");
        h.Dispatched.Should().BeEmpty();
    }

    [Fact]
    public void Activate_TenThousandItemsThroughFilterMapSort_IsFast()
    {
        var input = new StringBuilder("""{ "items": [""");
        for (var i = 0; i < 10_000; i++)
        {
            input.Append(i == 0 ? "" : ",").Append($$"""{ "sku": "s{{i}}", "price": {{(i * 7919) % 1000}}, "qty": {{i % 5}} }""");
        }

        input.Append("] }");
        const string With = """
        { "input": "{{ input.items }}", "operations": [
            { "filter": "{{ item.price < 500 }}" },
            { "map": { "sku": "{{ item.sku }}", "price": "{{ item.price }}", "total": "{{ item.price | times: item.qty }}" } },
            { "sort": { "by": "{{ item.total }}", "order": "desc" } } ] }
        """;
        Output(With, """{ "items": [ { "sku": "warm", "price": 1, "qty": 1 } ] }"""); // JIT and caches

        var clock = Stopwatch.StartNew();
        var output = Output(With, input.ToString());
        clock.Stop();

        var items = JsonDocument.Parse(output).RootElement;
        items.GetArrayLength().Should().Be(5000);
        var expected = Enumerable.Range(0, 10_000).Select(i => (Price: (i * 7919) % 1000, Qty: i % 5)).Where(x => x.Price < 500).Max(x => x.Price * x.Qty);
        items[0].GetProperty("total").GetInt32().Should().Be(expected);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "10,000 items are compiled once and rendered per item (took {0} ms)", clock.ElapsedMilliseconds);
    }
}
