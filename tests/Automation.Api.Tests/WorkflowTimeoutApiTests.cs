using System.Net;

namespace Automation.Api.Tests;

/// <summary>A definition's root <c>timeout</c> through the cluster: the grain's due timer ends the workflow <c>TimedOut</c>.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class WorkflowTimeoutApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task Start_DelayOutlastsTheTimeout_WorkflowTimesOutWithWorkflowTimeout()
    {
        var name = "timeout-" + Guid.NewGuid().ToString("N");
        var put = await fixture.PutDefinitionAsync(name, """{ "timeout": "300ms", "steps": [ { "id": "nap", "type": "delay", "with": { "duration": "1h" } } ] }""");
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());

        var id = (await ApiFixture.ReadAsync(await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }"""))).GetProperty("workflowId").GetString();
        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s"));
        var history = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}/history"));

        done.GetProperty("status").GetString().Should().Be("TimedOut", done.GetRawText());
        done.GetProperty("error").GetProperty("type").GetString().Should().Be("workflow.timeout");
        done.GetProperty("error").GetProperty("message").GetString().Should().Be("The workflow did not finish within its timeout of 300ms.");
        done.GetProperty("steps")[0].GetProperty("status").GetString().Should().Be("Cancelled");
        history.GetProperty("events").EnumerateArray().Last().GetProperty("type").GetString().Should().Be("WorkflowTimedOut");
    }

    [Fact]
    public async Task PutDefinition_InvalidTimeout_Returns400AtTimeout()
    {
        var response = await fixture.PutDefinitionAsync("timeout-bad", """{ "timeout": "soon", "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("$.timeout", out _).Should().BeTrue(problem.GetRawText());
    }
}
