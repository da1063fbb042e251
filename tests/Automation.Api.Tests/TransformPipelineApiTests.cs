using System.Net;
using System.Text.Json;
using Automation.Testing;

namespace Automation.Api.Tests;

/// <summary>
/// The data-processing example of <c>docs/workflow-language.md</c> end to end: <c>docs/examples/orders-report.json</c> is
/// registered, started with <c>orders-report.input.json</c>, and its output is the one the documentation shows.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TransformPipelineApiTests(ApiFixture fixture)
{
    private static readonly string Examples = Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "examples");

    [Fact]
    public async Task Start_OrdersReportExample_CompletesWithTheDocumentedOutput()
    {
        var name = "orders-report-" + Guid.NewGuid().ToString("N");
        var definition = await File.ReadAllTextAsync(Path.Combine(Examples, "orders-report.json"));
        var input = await File.ReadAllTextAsync(Path.Combine(Examples, "orders-report.input.json"));
        var registered = await fixture.PutDefinitionAsync(name, definition);
        registered.StatusCode.Should().Be(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());

        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "input": {{input}} }""");
        var id = (await ApiFixture.ReadAsync(start)).GetProperty("workflowId").GetString();
        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s"));

        start.StatusCode.Should().Be(HttpStatusCode.Created);
        done.GetProperty("status").GetString().Should().Be("Completed", done.ToString());
        JsonSerializer.Serialize(done.GetProperty("output")).Should().Be(
            """{"paidOrders":5,"top":[{"key":"Ada","orders":2,"revenue":5.5,"biggest":4},{"key":"unknown","orders":1,"revenue":3,"biggest":3}],"products":{"count":4,"list":"apple, kiwi, melon, large, pear"}}""");
    }

    [Fact]
    public async Task Put_PipelineWithMistakes_Returns400NamingEachPath()
    {
        var response = await fixture.PutDefinitionAsync("bad-pipeline-" + Guid.NewGuid().ToString("N"), """
        { "steps": [ { "id": "t", "type": "transform", "with": { "input": "{{ input.items }}", "operations": [
            { "sort": { "by": "{{ item.price }}", "order": "up" } }, { "groupBy": { "key": "{{ item.r }}", "aggregates": { "m": { "median": "{{ item.t }}" } } } } ] } } ] }
        """);

        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(
            "$.steps[0].with.operations[0].sort.order", "$.steps[0].with.operations[1].groupBy.aggregates.m.median");
    }
}
