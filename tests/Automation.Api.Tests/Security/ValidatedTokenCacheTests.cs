using System.Security.Claims;
using System.Security.Cryptography;
using Automation.Api.Security;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Automation.Api.Tests.Security;

/// <summary>
/// The access-token handler remembers a valid token until it expires: each use gets its own identity, an expired token
/// is refused and forgotten, an invalid one is never remembered, and the cache stays bounded.
/// </summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly SymmetricSecurityKey Key = new(RandomNumberGenerator.GetBytes(32)) { KeyId = "k1" };
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ValidToken_UsedTwice_IsRememberedOnceAndEachUseGetsItsOwnIdentity()
    {
        var cache = new ValidatedTokenCache(_time);
        var token = Token(TimeSpan.FromMinutes(15));

        var first = await cache.ValidateTokenAsync(token, Parameters());
        var second = await cache.ValidateTokenAsync(token, Parameters());

        first.IsValid.Should().BeTrue(first.Exception?.Message);
        second.IsValid.Should().BeTrue();
        cache.Count.Should().Be(1);
        second.ClaimsIdentity.Should().NotBeSameAs(first.ClaimsIdentity);
        second.ClaimsIdentity.FindFirst("sub")!.Value.Should().Be("ada");
        second.SecurityToken.Should().BeOfType<JsonWebToken>().Which.Subject.Should().Be("ada");
    }

    [Fact]
    public async Task RememberedToken_IsAnsweredFromMemory_NotValidatedAgain()
    {
        var cache = new ValidatedTokenCache(_time);
        var token = Token(TimeSpan.FromMinutes(15));
        (await cache.ValidateTokenAsync(token, Parameters())).IsValid.Should().BeTrue();
        var otherKey = Parameters();
        otherKey.IssuerSigningKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "k1" };

        var again = await cache.ValidateTokenAsync(token, otherKey);
        var fresh = await new JsonWebTokenHandler().ValidateTokenAsync(token, otherKey);

        fresh.IsValid.Should().BeFalse("validated again, the token would fail against a key that did not sign it");
        again.IsValid.Should().BeTrue("the cache answers a remembered token without validating it again");
    }

    [Fact]
    public async Task RememberedToken_UntilExpiryPlusSkew_IsValidAndAfterIsRefusedAndForgotten()
    {
        var cache = new ValidatedTokenCache(_time);
        var token = Token(TimeSpan.FromSeconds(60));
        (await cache.ValidateTokenAsync(token, Parameters())).IsValid.Should().BeTrue();

        _time.Advance(TimeSpan.FromSeconds(60) + Skew);
        var atTheEdge = await cache.ValidateTokenAsync(token, Parameters());
        _time.Advance(TimeSpan.FromSeconds(1));
        var after = await cache.ValidateTokenAsync(token, Parameters());

        atTheEdge.IsValid.Should().BeTrue("a token is valid up to its expiry plus the clock skew, as validation has it");
        after.IsValid.Should().BeFalse();
        after.Exception.Should().BeAssignableTo<SecurityTokenInvalidLifetimeException>("validated again, and found expired");
        cache.Count.Should().Be(0);
    }

    [Fact]
    public async Task TamperedToken_IsRefusedAndNotRemembered()
    {
        var cache = new ValidatedTokenCache(_time);
        var token = Token(TimeSpan.FromMinutes(15));
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        var result = await cache.ValidateTokenAsync(tampered, Parameters());

        result.IsValid.Should().BeFalse();
        cache.Count.Should().Be(0);
    }

    [Fact]
    public async Task ClaimAddedByOneUse_IsNotSeenByTheNext()
    {
        var cache = new ValidatedTokenCache(_time);
        var token = Token(TimeSpan.FromMinutes(15));
        var first = await cache.ValidateTokenAsync(token, Parameters());

        first.ClaimsIdentity.AddClaim(new Claim("permission", "*"));
        var second = await cache.ValidateTokenAsync(token, Parameters());

        second.ClaimsIdentity.HasClaim("permission", "*").Should().BeFalse();
    }

    [Fact]
    public async Task FullCache_DropsItsExpiredTokensBeforeRememberingANewOne()
    {
        const int Unexpired = 100;
        var cache = new ValidatedTokenCache(_time);
        var handler = new JsonWebTokenHandler();
        for (var i = 0; i < ValidatedTokenCache.Capacity; i++)
        {
            var lifetime = i < Unexpired ? TimeSpan.FromMinutes(15) : TimeSpan.FromMinutes(1);
            (await cache.ValidateTokenAsync(Token(lifetime, $"user-{i}", handler), Parameters())).IsValid.Should().BeTrue();
        }

        _time.Advance(TimeSpan.FromMinutes(2));
        var fresh = await cache.ValidateTokenAsync(Token(TimeSpan.FromMinutes(15)), Parameters());

        fresh.IsValid.Should().BeTrue();
        cache.Count.Should().Be(Unexpired + 1, "the expired tokens are dropped, the unexpired ones kept");
    }

    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = "automation",
        ValidAudience = "automation-api",
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = Skew,
        // Validation reads the system clock; the test's clock stands in for it here, as for the cache.
        LifetimeValidator = (notBefore, expires, _, p) =>
            _time.GetUtcNow().UtcDateTime is var now && (notBefore is null || now >= notBefore.Value - p.ClockSkew)
            && expires is not null && now <= expires.Value + p.ClockSkew,
    };

    private string Token(TimeSpan lifetime, string subject = "ada", JsonWebTokenHandler? handler = null)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return (handler ?? new JsonWebTokenHandler()).CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "automation",
            Audience = "automation-api",
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
