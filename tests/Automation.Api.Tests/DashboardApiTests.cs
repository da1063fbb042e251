using System.Net;
using System.Text.Json;
using Automation.Api.Tests.Contract;
using Automation.Api.Tests.Security;

namespace Automation.Api.Tests;

/// <summary>
/// <c>GET /api/v1/dashboard</c> (issue 14, item 6): workflow figures over a window from the visibility table, services,
/// alerts and queues in one answer; sections the caller may not read are left out and named, not refused.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DashboardApiTests(ApiFixture fixture)
{
    // Step b reads input.name: without it the template fails, and so does the workflow.
    private const string NeedsName = """
        { "input": { "type": "object", "properties": { "name": { "type": "string" } } },
          "steps": [ { "id": "b", "type": "transform", "with": { "value": "Hi {{ input.name }}" } } ] }
        """;

    [Fact]
    public async Task Dashboard_AfterWorkflowsFinish_CountsThemInTheWindow()
    {
        var name = "dash-" + Guid.NewGuid().ToString("N")[..12];
        (await fixture.PutDefinitionAsync(name, NeedsName)).StatusCode.Should().Be(HttpStatusCode.Created);
        // A second API process that reads the sections on every request: this test counts what it just did.
        await using var api = fixture.WithSettings(new Dictionary<string, string> { ["Automation:Api:DashboardCacheDuration"] = "00:00:00" });
        using var uncached = api.CreateDefaultClient(new ContractValidatingHandler(fixture.Contract));
        uncached.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", await fixture.SignInAsync(ApiFixture.AdminUser, ApiFixture.AdminPassword));
        var before = await DashboardAsync(uncached, "15m");
        string[] ids = [await StartAsync(name, """{ "name": "Ada" }"""), await StartAsync(name, """{ "name": "Bo" }"""), await StartAsync(name, "{}")];
        foreach (var id in ids)
        {
            var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s"));
            done.GetProperty("status").GetString().Should().BeOneOf("Completed", "Failed");
        }

        var after = await DashboardAsync(uncached, "15m");

        var w = after.GetProperty("workflows");
        var started = w.GetProperty("started").GetInt64();
        started.Should().BeGreaterThanOrEqualTo(before.GetProperty("workflows").GetProperty("started").GetInt64() + 3);
        w.GetProperty("completed").GetInt64().Should().BeGreaterThanOrEqualTo(2);
        w.GetProperty("failed").GetInt64().Should().BeGreaterThanOrEqualTo(1);
        w.GetProperty("bucketSeconds").GetInt32().Should().Be(15);
        var series = w.GetProperty("series").EnumerateArray().ToList();
        series.Should().HaveCount(61);
        series.Sum(p => p.GetProperty("started").GetInt64()).Should().Be(started, "the total is the sum of the series");
        series.Select(p => p.GetProperty("at").GetDateTimeOffset()).Should().BeInAscendingOrder();
        w.GetProperty("successRate").GetDouble().Should().BeInRange(0, 1);
        w.GetProperty("p95Seconds").GetDouble().Should().BeGreaterThanOrEqualTo(w.GetProperty("p50Seconds").GetDouble());
        var failing = w.GetProperty("topFailing").EnumerateArray().Select(f => f.GetProperty("failed").GetInt64()).ToList();
        failing.Should().NotBeEmpty().And.BeInDescendingOrder().And.OnlyContain(n => n > 0);
        after.GetProperty("window").GetString().Should().Be("15m");
        after.GetProperty("services").GetProperty("total").GetInt32().Should().BeGreaterThanOrEqualTo(0);
        after.GetProperty("alerts").GetProperty("latest").GetArrayLength().Should().BeLessThanOrEqualTo(5);
        after.GetProperty("capabilities").ValueKind.Should().Be(JsonValueKind.Array);
        after.GetProperty("omitted").GetArrayLength().Should().Be(0, "the admin may read every section");
    }

    [Fact]
    public async Task Dashboard_PolledAgain_ReusesTheSectionsButStillFiltersThemPerCaller()
    {
        using var services = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["services:read"]));

        var first = await DashboardAsync(fixture.Http, "6h");
        var second = await DashboardAsync(fixture.Http, "6h");
        var other = await DashboardAsync(services, "6h");

        // The cached section keeps the window it was computed for (10 s by default); the answer's own time moves on.
        second.GetProperty("workflows").GetProperty("to").GetDateTimeOffset()
            .Should().Be(first.GetProperty("workflows").GetProperty("to").GetDateTimeOffset());
        second.GetProperty("generatedAt").GetDateTimeOffset().Should().BeOnOrAfter(first.GetProperty("generatedAt").GetDateTimeOffset());
        other.GetProperty("workflows").ValueKind.Should().Be(JsonValueKind.Null, "the cache is asked only after the caller's permissions");
        other.GetProperty("services").GetRawText().Should().Be(second.GetProperty("services").GetRawText());
    }

    [Fact]
    public async Task Dashboard_CallerWithSomePermissions_LeavesTheOtherSectionsOutAndNamesThem()
    {
        using var services = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["services:read"]));
        using var narrowed = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["workflows:read:deploy-*", "alerts:read", "agents:read"]));

        var servicesOnly = await DashboardAsync(services, null);
        var narrowedReader = await DashboardAsync(narrowed, "24h");

        servicesOnly.GetProperty("window").GetString().Should().Be("1h", "1h is the default window");
        servicesOnly.GetProperty("services").ValueKind.Should().Be(JsonValueKind.Object);
        servicesOnly.GetProperty("workflows").ValueKind.Should().Be(JsonValueKind.Null);
        servicesOnly.GetProperty("alerts").ValueKind.Should().Be(JsonValueKind.Null);
        servicesOnly.GetProperty("capabilities").ValueKind.Should().Be(JsonValueKind.Null);
        Omitted(servicesOnly).Should().Equal(("workflows", "workflows:read"), ("alerts", "alerts:read"), ("capabilities", "agents:read"));
        narrowedReader.GetProperty("workflows").ValueKind.Should().Be(JsonValueKind.Null, "totals over every definition would show others' workflows");
        narrowedReader.GetProperty("alerts").ValueKind.Should().Be(JsonValueKind.Object);
        Omitted(narrowedReader).Should().Equal(("workflows", "workflows:read"), ("services", "services:read"));
    }

    [Theory]
    [InlineData("2h")]
    [InlineData("1H")]
    public async Task Dashboard_UnknownWindow_Answers400NamingIt(string window)
    {
        var response = await fixture.Http.GetAsync($"/api/v1/dashboard?window={Uri.EscapeDataString(window)}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(response)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("window");
    }

    [Fact]
    public async Task Dashboard_Anonymous_Answers401()
    {
        using var anonymous = fixture.CreateClient();

        var response = await anonymous.GetAsync("/api/v1/dashboard");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static List<(string, string)> Omitted(JsonElement dashboard) =>
        [.. dashboard.GetProperty("omitted").EnumerateArray().Select(o => (o.GetProperty("section").GetString()!, o.GetProperty("permission").GetString()!))];

    private static async Task<JsonElement> DashboardAsync(HttpClient client, string? window)
    {
        var response = await client.GetAsync("/api/v1/dashboard" + (window is null ? "" : "?window=" + window));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await ApiFixture.ReadAsync(response);
    }

    private async Task<string> StartAsync(string definition, string input)
    {
        var response = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{definition}}", "input": {{input}} }""");
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await ApiFixture.ReadAsync(response)).GetProperty("workflowId").GetString()!;
    }
}
