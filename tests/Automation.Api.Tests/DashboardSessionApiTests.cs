using System.Net;
using Automation.Api.Tests.Security;

namespace Automation.Api.Tests;

/// <summary>
/// <c>POST /api/v1/system/dashboard-session</c>: the Orleans dashboard opened from a browser, whose page cannot send the
/// console's bearer token, through a cookie that is valid only under <c>/dashboard</c>.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DashboardSessionApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task DashboardSession_OpensTheDashboardWithACookieThatNothingElseAccepts()
    {
        var token = await fixture.SignInAsync(ApiFixture.AdminUser, ApiFixture.AdminPassword);
        using var admin = fixture.CreateClient("Bearer " + token);
        using var browser = fixture.CreateClient();

        var response = await admin.PostAsync("/api/v1/system/dashboard-session", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await ApiFixture.ReadAsync(response);
        body.GetProperty("url").GetString().Should().Be("/dashboard/");
        var tokenExpiry = DateTimeOffset.FromUnixTimeSeconds(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).GetPayloadValue<long>("exp"));
        body.GetProperty("expiresAt").GetDateTimeOffset().Should().Be(tokenExpiry, "the session ends with the token it carries");
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("automation_dashboard=", StringComparison.Ordinal));
        setCookie.ToLowerInvariant().Should().Contain("path=/dashboard").And.Contain("httponly").And.Contain("samesite=strict");
        var cookie = setCookie.Split(';')[0];

        (await SendAsync(browser, "/dashboard/", cookie)).Should().Be(HttpStatusCode.OK, "the cookie opens the dashboard");
        (await SendAsync(browser, "/dashboard/", cookie: null)).Should().Be(HttpStatusCode.Unauthorized);
        (await SendAsync(browser, "/api/v1/workflows", cookie)).Should().Be(HttpStatusCode.Unauthorized, "the cookie is not a way into the API");
        (await SendAsync(browser, "/dashboard/", cookie + "x")).Should().Be(HttpStatusCode.Unauthorized, "a tampered cookie is refused");
    }

    [Fact]
    public async Task DashboardSession_ForAnApiKeyOrWithoutClusterRead_Answers403()
    {
        using var key = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["cluster:read"]));
        using var anonymous = fixture.CreateClient();

        var forKey = await key.PostAsync("/api/v1/system/dashboard-session", null);
        var forAnonymous = await anonymous.PostAsync("/api/v1/system/dashboard-session", null);

        forKey.StatusCode.Should().Be(HttpStatusCode.Forbidden, await forKey.Content.ReadAsStringAsync());
        forKey.Headers.Contains("Set-Cookie").Should().BeFalse();
        forAnonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string path, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
