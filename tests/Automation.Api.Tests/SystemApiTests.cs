using System.Net;
using System.Text;
using System.Text.Json;
using Automation.Api.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Api.Tests;

/// <summary>
/// Run-time log levels (<c>/api/v1/system/log-levels</c>) and <c>/health/details</c> (issue 13): a change applies in
/// the API process at once, without a restart, and is removed again; bad categories and levels are 400s naming the
/// field; both need their permission.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SystemApiTests(ApiFixture fixture)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task PutLogLevel_ThenDelete_ChangesTheApiProcessFiltersAtOnceAndBack()
    {
        // The fixture's log capture has provider rules of its own; the console's filter is the rule without a provider.
        var filters = fixture.Services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>();
        LogLevel? Level() => filters.CurrentValue.Rules.LastOrDefault(r => r.ProviderName is null && r.CategoryName == "Automation.SystemApiTests")?.LogLevel;
        var before = Level();

        var put = await fixture.Http.PutAsync("/api/v1/system/log-levels/Automation.SystemApiTests", Json("""{ "level": "debug" }"""));
        var during = Level();
        var list = await fixture.Http.GetAsync("/api/v1/system/log-levels");
        var delete = await fixture.Http.DeleteAsync("/api/v1/system/log-levels/Automation.SystemApiTests");
        var after = Level();

        before.Should().BeNull("nothing configures that category");
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        during.Should().Be(LogLevel.Debug, "the override applies in the process that answered before it answers, without a restart");
        using (var body = JsonDocument.Parse(await list.Content.ReadAsStringAsync()))
        {
            body.RootElement.GetProperty("levels").GetProperty("Automation.SystemApiTests").GetString().Should().Be("Debug");
            body.RootElement.GetProperty("applyWithinSeconds").GetInt32().Should().Be(5);
        }

        delete.StatusCode.Should().Be(HttpStatusCode.OK);
        after.Should().BeNull("removing the override brings back the configured levels");
    }

    [Theory]
    [InlineData("NoSuchRoot.Category", """{ "level": "Debug" }""", "category")]
    [InlineData("Automation..Grains", """{ "level": "Debug" }""", "category")]
    [InlineData("Automation.Grains", """{ "level": "Verbose" }""", "$.level")]
    [InlineData("Automation.Grains", """{ "level": "3" }""", "$.level")]
    [InlineData("Automation.Grains", """{ }""", "$")]
    public async Task PutLogLevel_UnknownCategoryOrLevel_Returns400NamingTheField(string category, string body, string field)
    {
        var response = await fixture.Http.PutAsync($"/api/v1/system/log-levels/{Uri.EscapeDataString(category)}", Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.RootElement.GetRawText());
    }

    [Fact]
    public async Task LogLevelsAndHealthDetails_WithoutTheirPermissions_AreRefused()
    {
        using var reader = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["workflows:read"]));
        using var anonymous = fixture.Factory.CreateClient();

        var levels = await reader.PutAsync("/api/v1/system/log-levels/Automation", Json("""{ "level": "Trace" }"""));
        var details = await reader.GetAsync("/health/details");
        var anonymousDetails = await anonymous.GetAsync("/health/details");

        levels.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        details.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        anonymousDetails.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task HealthDetails_AsAdmin_ReportsEveryCheckInTheStandardShape()
    {
        using var admin = fixture.Factory.CreateClient();
        admin.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", fixture.Http.DefaultRequestHeaders.GetValues("Authorization").Single());

        var response = await admin.GetAsync("/health/details");
        var ready = await admin.GetAsync("/ready");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("status").GetString().Should().BeOneOf("Healthy", "Degraded");
        body.RootElement.TryGetProperty("totalDuration", out _).Should().BeTrue();
        var entries = body.RootElement.GetProperty("entries");
        entries.EnumerateObject().Select(e => e.Name).Should().Contain(["postgres", "cluster", "membership", "reminders", "services"]);
        entries.GetProperty("postgres").GetProperty("status").GetString().Should().Be("Healthy");
        entries.GetProperty("membership").GetProperty("data").GetProperty("activeSilos").GetInt32().Should().BeGreaterThan(0);
        entries.GetProperty("membership").GetProperty("data").EnumerateObject().Should().Contain(p => p.Name.StartsWith("silo ", StringComparison.Ordinal) && p.Value.GetString() == "Active");
        entries.GetProperty("reminders").GetProperty("data").TryGetProperty("reminders", out _).Should().BeTrue();
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        using var readyBody = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        readyBody.RootElement.GetProperty("entries").GetProperty("postgres").TryGetProperty("data", out _).Should().BeFalse("the open /ready gives statuses only");
    }
}
