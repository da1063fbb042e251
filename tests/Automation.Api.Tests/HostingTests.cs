using System.Net;

namespace Automation.Api.Tests;

/// <summary>OpenAPI, health and metrics endpoints of the API.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HostingTests(ApiFixture fixture)
{
    [Fact]
    public async Task OpenApi_Document_DescribesEveryEndpoint()
    {
        var doc = await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/openapi/v1.json"));

        var paths = doc.GetProperty("paths");
        paths.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "/api/v1/definitions/{name}", "/api/v1/definitions", "/api/v1/definitions/{name}/versions/{version}",
            "/api/v1/workflows", "/api/v1/workflows/{workflowId}", "/api/v1/workflows/{workflowId}/history", "/api/v1/workflows/{workflowId}/cancel");
        paths.GetProperty("/api/v1/workflows").GetProperty("post").GetProperty("requestBody").GetRawText().Should().Contain("StartWorkflowRequest");
        paths.GetProperty("/api/v1/workflows/{workflowId}").GetProperty("get").GetProperty("parameters").GetRawText().Should().Contain("wait");
    }

    [Fact]
    public async Task Health_AndReady_AreOkWhenClusterAndDatabaseAreUp()
    {
        var health = await fixture.Http.GetAsync("/health");
        var ready = await fixture.Http.GetAsync("/ready");

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.StatusCode.Should().Be(HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_ExposesPrometheusText()
    {
        await fixture.Http.GetAsync("/health");

        var metrics = await fixture.Http.GetStringAsync("/metrics");

        metrics.Should().Contain("# TYPE");
    }
}
