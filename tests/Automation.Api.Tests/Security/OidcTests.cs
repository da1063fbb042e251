using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Automation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Automation.Api.Tests.Security;

/// <summary>
/// Single sign-on: an API configured with an external OIDC issuer (a real HTTP server here, serving its discovery
/// document and JWKS) accepts that issuer's tokens and maps its group claim onto our roles.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OidcTests(ApiFixture fixture) : IAsyncLifetime
{
    private const string Audience = "automation-sso";
    private readonly RSA _rsa = RSA.Create(2048);
    private WebApplication _issuer = null!;
    private string _issuerUrl = null!;
    private HttpClient _api = null!;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _sso = null!;

    public async Task InitializeAsync()
    {
        var port = TestSilo.FreePort();
        _issuerUrl = $"http://127.0.0.1:{port}/realms/acme";
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _issuer = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = "sso-1" });
        _issuer.MapGet("/realms/acme/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = _issuerUrl,
            ["jwks_uri"] = _issuerUrl + "/jwks",
        }));
        _issuer.MapGet("/realms/acme/jwks", () => Results.Text(
            $$"""{ "keys": [ { "kty": "RSA", "use": "sig", "alg": "RS256", "kid": "{{jwk.Kid}}", "n": "{{jwk.N}}", "e": "{{jwk.E}}" } ] }""",
            "application/json"));
        await _issuer.StartAsync();

        _sso = fixture.Factory.WithWebHostBuilder(web => web
            .UseSetting("Automation:Auth:Oidc:Issuer", _issuerUrl)
            .UseSetting("Automation:Auth:Oidc:Audience", Audience)
            .UseSetting("Automation:Auth:Oidc:RolesClaim", "groups")
            .UseSetting("Automation:Auth:Oidc:RoleMap:automation-operators", "operator")
            .UseSetting("Automation:Auth:Oidc:RequireHttpsMetadata", "false"));
        _api = _sso.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _sso.DisposeAsync();
        await _issuer.DisposeAsync();
        _rsa.Dispose();
    }

    [Fact]
    public async Task IssuerToken_WithMappedGroup_ActsWithThatRolesPermissions()
    {
        var token = Token(Audience, "automation-operators");

        var me = await SendAsync(HttpMethod.Get, "/api/v1/auth/me", token);
        var definitions = await SendAsync(HttpMethod.Get, "/api/v1/definitions", token);
        var users = await SendAsync(HttpMethod.Get, "/api/v1/users", token);
        var mfa = await SendAsync(HttpMethod.Post, "/api/v1/auth/mfa/enrol", token);

        me.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await ApiFixture.ReadAsync(me);
        body.GetProperty("subject").GetString().Should().Be("sso-alice");
        body.GetProperty("kind").GetString().Should().Be("sso");
        body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("operator");
        definitions.StatusCode.Should().Be(HttpStatusCode.OK);
        users.StatusCode.Should().Be(HttpStatusCode.Forbidden, "an operator does not manage users");
        mfa.StatusCode.Should().Be(HttpStatusCode.Forbidden, "an SSO user has no local account to enrol");
    }

    [Fact]
    public async Task IssuerToken_WithUnmappedGroupOrWrongAudienceOrForeignKey_IsRefused()
    {
        var unmapped = await SendAsync(HttpMethod.Get, "/api/v1/definitions", Token(Audience, "marketing"));
        var wrongAudience = await SendAsync(HttpMethod.Get, "/api/v1/definitions", Token("someone-else", "automation-operators"));
        using var foreign = RSA.Create(2048);
        var forged = await SendAsync(HttpMethod.Get, "/api/v1/definitions", Token(Audience, "automation-operators", foreign));

        unmapped.StatusCode.Should().Be(HttpStatusCode.Forbidden, "no role, no permission");
        wrongAudience.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        wrongAudience.Headers.WwwAuthenticate.Should().NotBeEmpty();
        forged.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "signed with a key the issuer's JWKS does not have");
    }

    private string Token(string audience, string group, RSA? key = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuerUrl,
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Subject = new ClaimsIdentity([new Claim("sub", "0b7c"), new Claim("preferred_username", "sso-alice"), new Claim("groups", group)]),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? _rsa) { KeyId = "sso-1" }, SecurityAlgorithms.RsaSha256),
        });

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new global::System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return _api.SendAsync(request);
    }
}
