using System.Net;
using Automation.Api.Security;
using Automation.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Api.Tests;

/// <summary>The Orleans dashboard, served by the API at <c>/dashboard</c> to callers with <c>cluster:read</c> only.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DashboardTests(ApiFixture fixture)
{
    private const string DashboardPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    [Fact]
    public async Task Dashboard_Anonymous_Answers401()
    {
        using var anonymous = fixture.CreateClient();

        var page = await anonymous.GetAsync("/dashboard/");
        var stats = await anonymous.GetAsync("/dashboard/ClusterStats");

        page.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        stats.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Dashboard_ViewerWithoutClusterRead_Answers403()
    {
        const string password = "viewer-Passw0rd-for-dashboard";
        var users = fixture.Services.GetRequiredService<IUserStore>();
        var now = DateTimeOffset.UtcNow;
        await users.CreateAsync(new UserAccount("dashboard-viewer", UserSignIn.HashPassword(password), [BuiltInRoles.Viewer], false, 0, null, null, false, 0, [], now, now));
        using var viewer = fixture.CreateClient("Bearer " + await fixture.SignInAsync("dashboard-viewer", password));

        var page = await viewer.GetAsync("/dashboard/");
        var definitions = await viewer.GetAsync("/api/v1/definitions");

        page.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        definitions.StatusCode.Should().Be(HttpStatusCode.OK, "the viewer is signed in and may read definitions");
    }

    [Fact]
    public async Task Dashboard_Admin_ServesThePageUnderItsOwnPolicy()
    {
        var page = await fixture.Http.GetAsync("/dashboard/");
        var script = await fixture.Http.GetAsync("/dashboard/index.min.js");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync()).Should().Contain("<html");
        page.Headers.GetValues("Content-Security-Policy").Should().Equal(DashboardPolicy);
        page.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        page.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        script.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public void OpenApiDocument_DoesNotListTheDashboard()
    {
        // The Orleans dashboard's own routes (/dashboard/...); /api/v1/dashboard is the console's home page data.
        using var document = System.Text.Json.JsonDocument.Parse(fixture.OpenApiDocument);
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        paths.Should().Contain("/api/v1/dashboard").And.NotContain(p => p.StartsWith("/dashboard", StringComparison.Ordinal));
    }
}
