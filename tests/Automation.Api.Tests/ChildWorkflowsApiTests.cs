using System.Net;
using System.Text.Json;
using Automation.Testing;

namespace Automation.Api.Tests;

/// <summary>
/// The child-workflow examples of <c>docs/workflow-language.md</c> end to end through the API (<c>workflow</c>,
/// <c>foreach</c>, <c>parallel</c>): each is registered from <c>docs/examples</c>, started, and ends with the documented output.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ChildWorkflowsApiTests(ApiFixture fixture)
{
    private static readonly string Examples = Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "examples");

    [Fact]
    public async Task ChildWorkflowExample_CompletesWithTheDocumentedOutput()
    {
        await RegisterAsync("invoice-child", "invoice-child.json");
        var name = await RegisterAsync("child-workflow-" + Guid.NewGuid().ToString("N"), "child-workflow.json");

        var (id, done) = await RunAsync(name, """{ "order": 7, "lines": [ { "price": 2.5 }, { "price": 4 } ] }""");

        done.GetProperty("status").GetString().Should().Be("Completed", done.ToString());
        done.GetProperty("output").GetString().Should().Be("INV-7: 6.5");
        var child = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}:invoice:0"));
        child.GetProperty("status").GetString().Should().Be("Completed");
        child.GetProperty("definition").GetString().Should().Be("invoice-child");
        JsonSerializer.Serialize(child.GetProperty("output")).Should().Be("""{"number":"INV-7","total":6.5}""");
    }

    [Fact]
    public async Task ForeachExample_CollectsTheFailureAndCompletesWithTheDocumentedOutput()
    {
        var name = await RegisterAsync("foreach-" + Guid.NewGuid().ToString("N"), "foreach.json");

        var (id, done) = await RunAsync(name, await File.ReadAllTextAsync(Path.Combine(Examples, "foreach.input.json")));

        done.GetProperty("status").GetString().Should().Be("Completed", done.ToString());
        JsonSerializer.Serialize(done.GetProperty("output")).Should().Be("""{"checked":3,"failed":1,"first":{"order":"A-1","position":0,"lines":1}}""");
        var failure = done.GetProperty("steps")[0].GetProperty("output").GetProperty("failures")[0];
        failure.GetProperty("index").GetInt32().Should().Be(2);
        failure.GetProperty("workflowId").GetString().Should().Be($"{id}:check:2");
        failure.GetProperty("status").GetString().Should().Be("Failed");
        failure.GetProperty("error").GetProperty("type").GetString().Should().Be("transform.not-an-array");
    }

    [Fact]
    public async Task ParallelExample_CompletesWithTheDocumentedOutput_AndCancelsTheSlowMirror()
    {
        var name = await RegisterAsync("parallel-" + Guid.NewGuid().ToString("N"), "parallel.json");

        var (id, done) = await RunAsync(name, """{ "sku": "x-1" }""");

        done.GetProperty("status").GetString().Should().Be("Completed", done.ToString());
        JsonSerializer.Serialize(done.GetProperty("output")).Should().Be("""{"north":12,"south":10,"mirror":"fast"}""");
        var slow = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}:mirror:1?wait=10s"));
        slow.GetProperty("status").GetString().Should().Be("Cancelled");
    }

    [Fact]
    public async Task Put_WorkflowStepNamingAnUnknownDefinition_Returns400NamingThePath()
    {
        var response = await fixture.PutDefinitionAsync("orphan-" + Guid.NewGuid().ToString("N"), """
        { "steps": [ { "id": "each", "type": "foreach", "with": { "items": [1], "definition": "never-registered-anywhere" } } ] }
        """);

        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("$.steps[0].with.definition")[0].GetString().Should().Contain("never-registered-anywhere");
    }

    private async Task<string> RegisterAsync(string name, string file)
    {
        var response = await fixture.PutDefinitionAsync(name, await File.ReadAllTextAsync(Path.Combine(Examples, file)));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return name;
    }

    private async Task<(string Id, JsonElement Done)> RunAsync(string name, string input)
    {
        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "input": {{input}} }""");
        start.StatusCode.Should().Be(HttpStatusCode.Created, await start.Content.ReadAsStringAsync());
        var id = (await ApiFixture.ReadAsync(start)).GetProperty("workflowId").GetString()!;
        return (id, await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s")));
    }
}
