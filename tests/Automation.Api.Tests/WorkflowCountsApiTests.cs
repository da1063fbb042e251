using System.Net;
using System.Text.Json;

namespace Automation.Api.Tests;

/// <summary><c>GET /api/v1/workflow-counts</c>: the list's filters counted per status (the console's status chips).</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class WorkflowCountsApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task Counts_ByDefinitionAndTag_CountEachStatusOfTheMatchingWorkflows()
    {
        var quick = "count-" + Guid.NewGuid().ToString("N");
        var held = "count-" + Guid.NewGuid().ToString("N");
        (await fixture.PutDefinitionAsync(quick, """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await fixture.PutDefinitionAsync(held, """{ "steps": [ { "id": "w", "type": "wait", "with": { "signal": "go" } } ] }""")).StatusCode.Should().Be(HttpStatusCode.Created);
        var tag = "batch:" + Guid.NewGuid().ToString("N")[..12];
        await StartAsync(quick, tag);
        await StartAsync(quick, tag);
        await StartAsync(quick, "other:tag");
        await StartAsync(held, tag);
        var cancelled = await StartAsync(held, tag);
        (await fixture.PostAsync($"/api/v1/workflows/{cancelled}/cancel", "{}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var byQuick = await CountsAsync($"/api/v1/workflow-counts?definition={quick}");
        var byTag = await CountsAsync($"/api/v1/workflow-counts?tag={tag}");
        var byHeldAndTag = await CountsAsync($"/api/v1/workflow-counts?definition={held}&tag={tag}");
        var none = await CountsAsync($"/api/v1/workflow-counts?idPrefix=no-such-{Guid.NewGuid():N}");

        byQuick.Should().Equal(("total", 3), ("running", 0), ("paused", 0), ("completed", 3), ("failed", 0), ("cancelled", 0), ("timedOut", 0), ("terminated", 0));
        byTag.Should().Equal(("total", 4), ("running", 1), ("paused", 0), ("completed", 2), ("failed", 0), ("cancelled", 1), ("timedOut", 0), ("terminated", 0));
        byHeldAndTag.Should().Equal(("total", 2), ("running", 1), ("paused", 0), ("completed", 0), ("failed", 0), ("cancelled", 1), ("timedOut", 0), ("terminated", 0));
        none.Select(c => c.Count).Should().AllBeEquivalentTo(0L);
    }

    [Fact]
    public async Task Counts_BadFilters_Answer400NamingEach()
    {
        var response = await fixture.Http.GetAsync("/api/v1/workflow-counts?from=yesterday&tag=no%20spaces&idPrefix=-x&parentId=%20");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ApiFixture.ReadAsync(response)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(["from", "tag", "idPrefix", "parentId"]);
    }

    [Fact]
    public async Task Counts_Anonymous_Answers401()
    {
        using var anonymous = fixture.CreateClient();

        var response = await anonymous.GetAsync("/api/v1/workflow-counts");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<string> StartAsync(string definition, string tag)
    {
        var response = await fixture.PostAsync("/api/v1/workflows", JsonSerializer.Serialize(new { definition, tags = new[] { tag } }));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await ApiFixture.ReadAsync(response)).GetProperty("workflowId").GetString()!;
        // The workflow's visibility row is written with its state, before the call that changed it answers.
        (await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=0s")).StatusCode.Should().Be(HttpStatusCode.OK);
        return id;
    }

    private async Task<List<(string Status, long Count)>> CountsAsync(string url)
    {
        var response = await fixture.Http.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await ApiFixture.ReadAsync(response)).EnumerateObject().Select(p => (p.Name, p.Value.GetInt64()))];
    }
}
