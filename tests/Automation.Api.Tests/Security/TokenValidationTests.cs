using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Automation.Api.Security;
using Automation.Api.Tests.Contract;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Automation.Api.Tests.Security;

/// <summary>
/// Tampered, forged, expired and malformed credentials are refused with 401 and a challenge (never a 500), and a token
/// signed with any configured key id validates (key rotation).
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TokenValidationTests(ApiFixture fixture)
{
    private static readonly string[] ProtectedPaths = ["/api/v1/auth/me", "/api/v1/definitions"];

    public static TheoryData<string> BadTokens() =>
    [
        "bad-signature", "payload-changed", "alg-none", "expired", "not-yet-valid", "no-expiry", "wrong-audience", "wrong-issuer",
        "unknown-kid", "missing-kid", "other-key", "hs512", "garbage", "oversize", "empty", "refresh-token", "api-key-as-bearer",
    ];

    public static TheoryData<string> BadApiKeys() =>
    [
        "oversize", "no-prefix", "short", "upper-case-id", "no-separator", "unknown-id", "wrong-secret", "expired", "revoked", "jwt-as-api-key",
    ];

    [Theory]
    [InlineData("library")]
    [InlineData("by-hand")]
    public async Task Request_WithValidForgedToken_IsAllowed(string how)
    {
        using var client = fixture.CreateClient("Bearer " + (how == "library" ? Forge() : SignByHand("HS256", HMACSHA256.HashData)));

        foreach (var path in ProtectedPaths)
        {
            var response = await client.GetAsync(path);

            response.StatusCode.Should().Be(HttpStatusCode.OK, "the forging helpers must produce tokens the API accepts, or the negative cases prove nothing ({0})", path);
        }
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Request_WithBadBearerToken_Returns401WithChallenge(string kind)
    {
        var token = await BadTokenAsync(kind);
        using var client = fixture.CreateClient("Bearer " + token);

        foreach (var path in ProtectedPaths)
        {
            var response = await client.GetAsync(path);

            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a {0} token is refused at {1}", kind, path);
            response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer");
        }
    }

    [Theory]
    [MemberData(nameof(BadApiKeys))]
    public async Task Request_WithBadApiKey_Returns401WithChallenge(string kind)
    {
        var key = await BadApiKeyAsync(kind);
        using var client = fixture.CreateClient("ApiKey " + key);

        foreach (var path in ProtectedPaths)
        {
            var response = await client.GetAsync(path);

            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a {0} API key is refused at {1}", kind, path);
            response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("ApiKey");
        }
    }

    [Theory]
    [MemberData(nameof(BadApiKeys))]
    public async Task CreateToken_WithBadApiKey_Returns401(string kind)
    {
        var key = await BadApiKeyAsync(kind);
        using var anonymous = fixture.CreateClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { apiKey = key });

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Request_WithValidApiKey_IsAllowed()
    {
        var key = await fixture.CreateApiKeyAsync(["definitions:read"], expiresAt: DateTimeOffset.UtcNow.AddHours(1));
        using var client = fixture.CreateClient("apikey " + key);

        var me = await client.GetAsync("/api/v1/auth/me");
        var definitions = await client.GetAsync("/api/v1/definitions");

        me.StatusCode.Should().Be(HttpStatusCode.OK, "the scheme word is case-insensitive");
        definitions.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SecondApi_WithTwoSigningKeys_ValidatesTokensOfBothAndSignsWithTheActiveOne()
    {
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var rotated = fixture.Factory.WithWebHostBuilder(web => web
            .UseSetting("Automation:Auth:SigningKeys:test-k2", newKey)
            .UseSetting("Automation:Auth:ActiveSigningKey", "test-k2"));
        using var rotatedAnonymous = rotated.CreateDefaultClient(new ContractValidatingHandler(fixture.Contract));

        var signIn = await rotatedAnonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = ApiFixture.AdminUser, password = ApiFixture.AdminPassword });
        var issued = (await ApiFixture.ReadAsync(signIn)).GetProperty("accessToken").GetString()!;
        var oldKeyOnRotated = await GetMeAsync(rotated, Forge());
        var newKeyOnRotated = await GetMeAsync(rotated, Forge(kid: "test-k2", key: Convert.FromBase64String(newKey)));
        var issuedOnRotated = await GetMeAsync(rotated, issued);
        using var original = fixture.CreateClient("Bearer " + issued);
        var issuedOnOriginal = await original.GetAsync("/api/v1/auth/me");

        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
        new JsonWebToken(issued).Kid.Should().Be("test-k2", "new tokens are signed with the active key");
        oldKeyOnRotated.Should().Be(HttpStatusCode.OK, "tokens signed with the previous key stay valid while it is configured");
        newKeyOnRotated.Should().Be(HttpStatusCode.OK);
        issuedOnRotated.Should().Be(HttpStatusCode.OK);
        issuedOnOriginal.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an API without key test-k2 cannot validate it");
    }

    [Fact]
    public void BearerScheme_ValidatesWithTheTokenCache_AndTheOidcSchemeDoesNot()
    {
        var options = fixture.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>();

        options.Get(JwtBearerDefaults.AuthenticationScheme).TokenHandlers.Should().ContainSingle()
            .Which.Should().BeSameAs(fixture.Services.GetRequiredService<ValidatedTokenCache>());
        options.Get(HostApplicationBuilderSecurityExtensions.OidcScheme).TokenHandlers.Should().NotContain(h => h is ValidatedTokenCache);
    }

    [Fact]
    public async Task Request_WithValidToken_IsRememberedOnce()
    {
        var cache = fixture.Services.GetRequiredService<ValidatedTokenCache>();
        var token = Forge(d => d.Claims["nonce"] = Guid.NewGuid().ToString("N")); // a token no other test sent
        using var client = fixture.CreateClient("Bearer " + token);
        var before = cache.Count;

        var first = await client.GetAsync(ProtectedPaths[0]);
        var second = await client.GetAsync(ProtectedPaths[0]);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        cache.Count.Should().Be(before + 1, "the token is validated once and remembered, not added again");
    }

    /// <summary>A token signed like the API's own: the real key, issuer and audience, for the first admin.</summary>
    internal static string Forge(
        Action<SecurityTokenDescriptor>? change = null, string? kid = ApiFixture.KeyId, byte[]? key = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = "automation",
            Audience = "automation-api",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = ApiFixture.AdminUser, ["kind"] = "user", ["roles"] = "admin", ["amr"] = "pwd" },
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(key ?? Convert.FromBase64String(ApiFixture.SigningKey)) { KeyId = kid }, SecurityAlgorithms.HmacSha256),
        };
        change?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    // Signed without the library (it refuses a 256-bit key for HS512): the real key and claims, any HMAC algorithm.
    private static string SignByHand(string algorithm, Func<byte[], byte[], byte[]> mac)
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode($$"""{"alg":"{{algorithm}}","typ":"JWT","kid":"{{ApiFixture.KeyId}}"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"sub":"admin","kind":"user","roles":"admin","iss":"automation","aud":"automation-api","exp":{{exp}}}""");
        var signature = mac(Convert.FromBase64String(ApiFixture.SigningKey), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Base64UrlEncoder.Encode(signature)}";
    }

    private static async Task<HttpStatusCode> GetMeAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string token)
    {
        using var client = factory.CreateDefaultClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return (await client.GetAsync("/api/v1/auth/me")).StatusCode;
    }

    private async Task<string> BadTokenAsync(string kind)
    {
        var past = DateTime.UtcNow.AddMinutes(-10);
        var future = DateTime.UtcNow.AddMinutes(10);
        switch (kind)
        {
            case "bad-signature":
            {
                var token = Forge();
                var signature = token.LastIndexOf('.') + 10;
                return token[..signature] + (token[signature] == 'A' ? 'B' : 'A') + token[(signature + 1)..];
            }

            case "payload-changed":
            {
                // Same header and signature, payload of another (unsigned) identity.
                var parts = Forge().Split('.');
                var payload = Base64UrlEncoder.Encode("""{"sub":"intruder","kind":"user","roles":"admin","iss":"automation","aud":"automation-api","exp":4102444800}""");
                return $"{parts[0]}.{payload}.{parts[2]}";
            }

            case "alg-none":
            {
                var header = Base64UrlEncoder.Encode($$"""{"alg":"none","typ":"JWT","kid":"{{ApiFixture.KeyId}}"}""");
                var exp = new DateTimeOffset(future).ToUnixTimeSeconds();
                var payload = Base64UrlEncoder.Encode($$"""{"sub":"admin","kind":"user","roles":"admin","iss":"automation","aud":"automation-api","exp":{{exp}}}""");
                return $"{header}.{payload}.";
            }

            case "expired":
                // Well beyond the 30 s clock skew.
                return Forge(d => (d.IssuedAt, d.NotBefore, d.Expires) = (past, past, DateTime.UtcNow.AddMinutes(-2)));
            case "not-yet-valid":
                return Forge(d => (d.NotBefore, d.Expires) = (DateTime.UtcNow.AddMinutes(2), future));
            case "no-expiry":
                return Forge(d => d.Expires = null);
            case "wrong-audience":
                return Forge(d => d.Audience = "another-api");
            case "wrong-issuer":
                return Forge(d => d.Issuer = "someone-else");
            case "unknown-kid":
                return Forge(kid: "test-unknown");
            case "missing-kid":
                return Forge(kid: null);
            case "other-key":
                return Forge(key: RandomNumberGenerator.GetBytes(32));
            case "hs512":
                // The real key, but an algorithm the API does not accept.
                return SignByHand("HS512", HMACSHA512.HashData);
            case "garbage":
                return "not.a.jwt";
            case "oversize":
                return string.Concat(Enumerable.Repeat(Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(3 * 1024)) + ".", 5));
            case "empty":
                return "";
            case "refresh-token":
            {
                using var anonymous = fixture.CreateClient();
                var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = ApiFixture.AdminUser, password = ApiFixture.AdminPassword });
                return (await ApiFixture.ReadAsync(response)).GetProperty("refreshToken").GetString()!;
            }

            case "api-key-as-bearer":
                return await fixture.CreateApiKeyAsync(["*"]);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown case.");
        }
    }

    private async Task<string> BadApiKeyAsync(string kind)
    {
        var (id, key) = Automation.Api.Security.ApiKeyFormat.Create();
        switch (kind)
        {
            case "oversize":
                return "ak_" + new string('a', 16) + "_" + new string('x', 20 * 1024);
            case "no-prefix":
                return key[3..];
            case "short":
                return "ak_0123456789abcdef_";
            case "upper-case-id":
            {
                // A stored key whose id has a letter, presented with the id upper-cased.
                var stored = await fixture.CreateApiKeyAsync(["*"]);
                while (!stored[3..19].Any(char.IsAsciiLetter))
                {
                    stored = await fixture.CreateApiKeyAsync(["*"]);
                }

                return "ak_" + stored[3..19].ToUpperInvariant() + stored[19..];
            }

            case "no-separator":
                return key.Replace("_", "", StringComparison.Ordinal);
            case "unknown-id":
                return key;
            case "wrong-secret":
            {
                var stored = await fixture.CreateApiKeyAsync(["*"]);
                return stored[..20] + new string('A', stored.Length - 20);
            }

            case "expired":
                return await fixture.CreateApiKeyAsync(["*"], expiresAt: DateTimeOffset.UtcNow.AddMinutes(-1));
            case "revoked":
                return await fixture.CreateApiKeyAsync(["*"], revoked: true);
            case "jwt-as-api-key":
                return Forge();
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Unknown case (id {id}).");
        }
    }
}
