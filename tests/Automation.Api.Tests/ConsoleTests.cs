using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Api.Tests;

/// <summary>
/// The web console served at <c>/</c> (issue 14): its files, the <c>index.html</c> fallback for its own routes, its
/// Content-Security-Policy, and that it never answers a path of the API or the operational endpoints. The console's
/// behaviour in a browser is tested by <c>scripts/console-test.sh</c>.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class ConsoleTests(ApiFixture fixture)
{
    private const string ConsolePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    [Fact]
    public async Task Root_ServesTheConsoleUnderItsPolicy()
    {
        using var client = PlainClient();

        var response = await client.GetAsync("/");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("<automation-app>");
        html.Should().NotContain("<style", "the CSP allows no inline style").And.NotMatchRegex("<script(?![^>]*\\bsrc=)", "nor inline script");
        response.Headers.GetValues("Content-Security-Policy").Should().Equal(ConsolePolicy);
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
    }

    [Theory]
    [InlineData("/workflows")]
    [InlineData("/workflows/order-17:a@b")]
    [InlineData("/workflows/order.17")]
    [InlineData("/definitions/my.definition")]
    [InlineData("/definitions/hello")]
    [InlineData("/start?definition=hello")]
    public async Task ConsoleRoute_ServesIndexHtml(string path)
    {
        using var client = PlainClient();

        var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("<automation-app>");
        response.Headers.GetValues("Content-Security-Policy").Should().Equal(ConsolePolicy);
    }

    [Fact]
    public async Task Bundle_IsServedAndCachedForGood()
    {
        using var client = PlainClient();
        var html = await client.GetStringAsync("/");
        var script = ScriptSource().Match(html).Groups[1].Value;

        var response = await client.GetAsync(script);

        script.Should().StartWith("/assets/");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        response.Headers.CacheControl!.ToString().Should().Contain("immutable");
    }

    [Theory]
    [InlineData("/api/v1/no-such-area")]
    [InlineData("/api")]
    [InlineData("/openapi/none.json")]
    [InlineData("/metrics/none")]
    [InlineData("/ready/deep")]
    [InlineData("/assets/gone-1234.js")]
    [InlineData("/robots.txt")]
    public async Task ApiPaths_AreNeverAnsweredByTheConsole(string path)
    {
        using var client = PlainClient();

        var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("<automation-app>");
    }

    [Fact]
    public async Task OperationalEndpoints_KeepTheirAnswers()
    {
        using var client = PlainClient();

        var openApi = await client.GetAsync("/openapi/v1.json");
        var health = await client.GetAsync("/health");
        var workflows = await client.GetAsync("/api/v1/workflows");
        var dashboard = await client.GetAsync("/dashboard/");

        openApi.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        openApi.Headers.GetValues("Content-Security-Policy").Should().Equal(ApiPolicy);
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        workflows.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        workflows.Headers.GetValues("Content-Security-Policy").Should().Equal(ApiPolicy);
        dashboard.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WrongMethodOnAnApiRoute_Still405_AndPostToAConsolePathIsNotServed()
    {
        using var client = PlainClient();

        var wrongMethod = await client.DeleteAsync("/api/v1/workflows");
        var post = await client.PostAsync("/workflows", new StringContent("{}"));

        wrongMethod.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        post.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    // A client without the contract check: these paths are not API operations.
    private HttpClient PlainClient() => ((TestServer)fixture.Services.GetRequiredService<IServer>()).CreateClient();

    [GeneratedRegex("<script type=\"module\" crossorigin src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
