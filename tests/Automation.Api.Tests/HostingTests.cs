using System.Net;

namespace Automation.Api.Tests;

/// <summary>Health and metrics endpoints of the API (the OpenAPI document has its own tests).</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HostingTests(ApiFixture fixture)
{
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

    [Fact]
    public async Task Metrics_WithAManagementPort_AnswerOnlyOnThatPort()
    {
        await using var api = fixture.WithSettings(new Dictionary<string, string> { ["Automation:Api:MetricsPort"] = "9464" });
        using var http = api.CreateClient();

        var onWebPort = await http.GetAsync("/metrics");
        var onManagementPort = await http.GetAsync("http://localhost:9464/metrics");

        onWebPort.StatusCode.Should().Be(HttpStatusCode.NotFound, "the web port is what an Ingress forwards");
        onManagementPort.StatusCode.Should().Be(HttpStatusCode.OK);
        (await onManagementPort.Content.ReadAsStringAsync()).Should().Contain("# TYPE");
        (await http.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK, "only /metrics moves");
    }
}
