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
}
