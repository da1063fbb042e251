using System.Net;
using System.Net.Http.Json;
using Automation.Api.Tests.Contract;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Api.Tests;

/// <summary>Rate limits, security headers, HSTS and CORS. Limits are exercised on separate API instances with low limits.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HardeningTests(ApiFixture fixture)
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    private const string ConsoleOrigin = "https://console.example.test";

    [Fact]
    public async Task JsonResponse_CarriesSecurityHeaders()
    {
        var response = await fixture.Http.GetAsync("/api/v1/definitions");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        ShouldCarrySecurityHeaders(response, ApiPolicy);
    }

    [Fact]
    public async Task Unauthorized_CarriesSecurityHeaders()
    {
        using var anonymous = fixture.CreateClient();

        var response = await anonymous.GetAsync("/api/v1/workflows");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        ShouldCarrySecurityHeaders(response, ApiPolicy);
    }

    [Fact]
    public async Task ProblemResponse_CarriesSecurityHeaders()
    {
        var response = await fixture.Http.GetAsync("/api/v1/workflows/no-such-workflow");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        ShouldCarrySecurityHeaders(response, ApiPolicy);
    }

    [Fact]
    public async Task AuthResponses_AreNotStored()
    {
        using var anonymous = fixture.CreateClient();

        var signedIn = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = ApiFixture.AdminUser, password = ApiFixture.AdminPassword });
        var refused = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = "nobody", password = "wrong-password" });
        var me = await fixture.Http.GetAsync("/api/v1/auth/me");
        var definitions = await fixture.Http.GetAsync("/api/v1/definitions");

        signedIn.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        foreach (var response in new[] { signedIn, refused, me })
        {
            response.Headers.CacheControl!.NoStore.Should().BeTrue(response.RequestMessage!.RequestUri!.AbsolutePath);
            ShouldCarrySecurityHeaders(response, ApiPolicy);
        }

        definitions.Headers.CacheControl?.NoStore.Should().NotBe(true);
    }

    [Fact]
    public async Task Preflight_WhenNoOriginIsConfigured_GetsNoCorsHeaders()
    {
        // A plain client: the contract declares no OPTIONS operations.
        using var anonymous = ((TestServer)fixture.Services.GetRequiredService<IServer>()).CreateClient();

        var response = await anonymous.SendAsync(Preflight("https://elsewhere.example.test", "/api/v1/workflows"));

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        response.Headers.Contains("Access-Control-Allow-Methods").Should().BeFalse();
    }

    [Fact]
    public async Task Preflight_WhenOriginsAreConfigured_AllowsOnlyThoseWithoutCredentials()
    {
        await using var api = fixture.WithSettings(new Dictionary<string, string> { ["Automation:Api:Cors:AllowedOrigins:0"] = ConsoleOrigin });
        using var anonymous = api.CreateClient();

        var allowed = await anonymous.SendAsync(Preflight(ConsoleOrigin, "/api/v1/workflows"));
        var other = await anonymous.SendAsync(Preflight("https://elsewhere.example.test", "/api/v1/workflows"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workflows");
        request.Headers.Add("Origin", ConsoleOrigin);
        var actual = await anonymous.SendAsync(request);

        allowed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(ConsoleOrigin);
        allowed.Headers.Contains("Access-Control-Allow-Credentials").Should().BeFalse();
        other.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        actual.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        actual.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(ConsoleOrigin);
        actual.Headers.GetValues("Access-Control-Expose-Headers").Single().Should().Contain("WWW-Authenticate");
    }

    [Fact]
    public void Start_WithWildcardOrigin_IsRefused()
    {
        using var api = fixture.WithSettings(new Dictionary<string, string> { ["Automation:Api:Cors:AllowedOrigins:0"] = "*" });

        var start = () => api.CreateClient();

        start.Should().Throw<Exception>().Which.ToString().Should().Contain("AllowedOrigins");
    }

    [Fact]
    public async Task Hsts_OutsideDevelopment_IsSentOnHttpsOnly()
    {
        await using var api = fixture.WithSettings(new Dictionary<string, string>(), environment: "Production");
        using var https = api.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://automation.example.test") });
        using var http = api.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://automation.example.test") });

        var secure = await https.GetAsync("/health");
        var plain = await http.GetAsync("/health");

        secure.Headers.GetValues("Strict-Transport-Security").Should().Equal("max-age=2592000");
        ShouldCarrySecurityHeaders(secure, ApiPolicy);
        plain.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
    }

    [Fact]
    public async Task PerPrincipalLimit_WhenExceeded_Answers429WithRetryAfter()
    {
        var token = await fixture.SignInAsync(ApiFixture.AdminUser, ApiFixture.AdminPassword);
        await using var api = fixture.WithSettings(new Dictionary<string, string>
        {
            ["Automation:Api:RateLimits:PermitsPerSecond"] = "1",
            ["Automation:Api:RateLimits:Burst"] = "2",
        });
        using var admin = Client(api, "Bearer " + token);
        using var anonymous = Client(api, null);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 10 && rejected is null; i++)
        {
            var response = await admin.GetAsync("/api/v1/auth/me");
            statuses.Add(response.StatusCode);
            rejected = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        var other = await anonymous.GetAsync("/api/v1/auth/me");

        statuses.Take(2).Should().AllBeEquivalentTo(HttpStatusCode.OK, "the bucket holds two requests");
        rejected.Should().NotBeNull("ten requests at once exceed one per second with a burst of two: {0}", string.Join(", ", statuses));
        await ShouldBeTooManyRequestsAsync(rejected!);
        other.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "another caller has its own bucket");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task PerPrincipalLimit_AcceptingNoJson_StillAnswers429WithAProblem(string accept)
    {
        var token = await fixture.SignInAsync(ApiFixture.AdminUser, ApiFixture.AdminPassword);
        await using var api = fixture.WithSettings(new Dictionary<string, string>
        {
            ["Automation:Api:RateLimits:PermitsPerSecond"] = "1",
            ["Automation:Api:RateLimits:Burst"] = "1",
        });
        using var admin = Client(api, "Bearer " + token);
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 20 && rejected is null; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
            request.Headers.Accept.ParseAdd(accept);
            var response = await admin.SendAsync(request);
            response.StatusCode.Should().BeOneOf([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], "a 429 that no writer accepts must not become a 500");
            rejected = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        rejected.Should().NotBeNull("the bucket holds one request");
        await ShouldBeTooManyRequestsAsync(rejected!);
    }

    [Fact]
    public async Task SignInLimit_WhenExceeded_Answers429ForThatAddress()
    {
        var token = await fixture.SignInAsync(ApiFixture.AdminUser, ApiFixture.AdminPassword);
        await using var api = fixture.WithSettings(new Dictionary<string, string> { ["Automation:Api:RateLimits:SignInsPerMinute"] = "2" });
        using var anonymous = Client(api, null);
        using var admin = Client(api, "Bearer " + token);
        var wrong = new { username = "nobody", password = "not-the-password" };

        var first = await anonymous.PostAsJsonAsync("/api/v1/auth/token", wrong);
        var second = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "rt_not-a-token" });
        var third = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = ApiFixture.AdminUser, password = ApiFixture.AdminPassword });
        var signedInCaller = await admin.GetAsync("/api/v1/auth/me");

        first.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        second.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "token and refresh share the address's budget");
        await ShouldBeTooManyRequestsAsync(third);
        int.Parse(third.Headers.GetValues("Retry-After").Single(), global::System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(1, 60);
        third.Headers.CacheControl!.NoStore.Should().BeTrue();
        signedInCaller.StatusCode.Should().Be(HttpStatusCode.OK, "the sign-in limit applies to the sign-in endpoints only");
    }

    private HttpClient Client(WebApplicationFactory<Program> api, string? authorization)
    {
        var client = api.CreateDefaultClient(new ContractValidatingHandler(fixture.Contract));
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        return client;
    }

    private static HttpRequestMessage Preflight(string origin, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    private static async Task ShouldBeTooManyRequestsAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        int.Parse(response.Headers.GetValues("Retry-After").Single(), global::System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(1);
        var problem = await ApiFixture.ReadAsync(response);
        problem.GetProperty("status").GetInt32().Should().Be(429);
        problem.GetProperty("title").GetString().Should().Be("Too many requests");
        ShouldCarrySecurityHeaders(response, ApiPolicy);
    }

    private static void ShouldCarrySecurityHeaders(HttpResponseMessage response, string policy)
    {
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        response.Headers.GetValues("Content-Security-Policy").Should().Equal(policy);
    }
}
