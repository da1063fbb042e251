using System.Net;
using System.Text.Json;
using Automation.Api.Tests.Security;

namespace Automation.Api.Tests;

/// <summary><c>GET /api/v1/system/overview</c> (issue 14, item 4): silos, PostgreSQL health, version; cluster:read only.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SystemOverviewApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task Overview_AsAdmin_ShowsTheActiveSiloHealthyPostgresAndTheVersion()
    {
        var response = await fixture.Http.GetAsync("/api/v1/system/overview");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await ApiFixture.ReadAsync(response);
        body.GetProperty("version").GetString().Should().NotBeNullOrWhiteSpace();
        body.GetProperty("activeSilos").GetInt32().Should().BeGreaterThanOrEqualTo(1);
        var silo = body.GetProperty("silos")[0];
        silo.GetProperty("status").GetString().Should().Be("Active", "active silos come first");
        silo.GetProperty("address").GetString().Should().NotBeNullOrEmpty();
        silo.GetProperty("hostName").GetString().Should().NotBeNullOrEmpty("the membership table is readable");
        silo.GetProperty("startedAt").GetDateTimeOffset().Should().BeBefore(body.GetProperty("generatedAt").GetDateTimeOffset());
        silo.GetProperty("error").ValueKind.Should().Be(JsonValueKind.Null);
        body.GetProperty("clusterError").ValueKind.Should().Be(JsonValueKind.Null);
        silo.GetProperty("activations").GetInt32().Should().BeGreaterThan(0, "the test silo hosts the grains the fixture used");
        body.GetProperty("activations").GetInt64().Should().BeGreaterThanOrEqualTo(silo.GetProperty("activations").GetInt32());
        var db = body.GetProperty("database");
        db.GetProperty("healthy").GetBoolean().Should().BeTrue(db.GetRawText());
        db.GetProperty("latencyMs").GetDouble().Should().BeGreaterThan(0);
        db.GetProperty("serverVersion").GetString().Should().MatchRegex(@"^\d+");
        db.GetProperty("databaseSizeBytes").GetInt64().Should().BeGreaterThan(0);
        db.GetProperty("connections").GetInt32().Should().BeGreaterThanOrEqualTo(1, "this request holds one");
        db.GetProperty("maxConnections").GetInt32().Should().BeGreaterThanOrEqualTo(db.GetProperty("connections").GetInt32());
        body.GetProperty("orleansDashboard").GetString().Should().Be("/dashboard/");
    }

    [Fact]
    public async Task Overview_WithoutClusterRead_Answers403AndAnonymous401()
    {
        using var reader = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["services:read", "workflows:read", "system:admin"]));
        using var anonymous = fixture.CreateClient();

        var forbidden = await reader.GetAsync("/api/v1/system/overview");
        var unauthorized = await anonymous.GetAsync("/api/v1/system/overview");

        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        unauthorized.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
