using System.Security.Claims;
using System.Security.Cryptography;
using Automation.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Automation.Api.Security;

/// <summary>Creates access tokens (signed JWTs) and refresh tokens (random, stored hashed).</summary>
/// <param name="keys">The signing keys.</param>
/// <param name="options">Lifetimes, issuer and audience.</param>
/// <param name="time">The clock.</param>
public sealed class TokenIssuer(SigningKeys keys, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>The access token lifetime.</summary>
    public TimeSpan AccessTokenLifetime => options.Value.AccessTokenLifetime;

    /// <summary>An access token for a user.</summary>
    /// <param name="username">The user.</param>
    /// <param name="roles">Their roles.</param>
    /// <param name="methods">How they proved it (<c>pwd</c>, <c>mfa</c>).</param>
    /// <param name="mfaEnrolmentRequired">Whether the token only allows MFA enrolment.</param>
    /// <returns>The JWT.</returns>
    public string CreateUserToken(string username, IEnumerable<string> roles, IEnumerable<string> methods, bool mfaEnrolmentRequired)
    {
        var claims = new List<Claim> { new(SecurityClaims.Subject, username), new(SecurityClaims.Kind, SecurityClaims.UserKind) };
        claims.AddRange(roles.Select(r => new Claim(SecurityClaims.Role, r)));
        claims.AddRange(methods.Select(m => new Claim(SecurityClaims.AuthenticationMethod, m)));
        if (mfaEnrolmentRequired)
        {
            claims.Add(new Claim(SecurityClaims.MfaEnrolmentRequired, "true"));
        }

        return Create(claims);
    }

    /// <summary>An access token for an API key, carrying the key's grants.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The JWT.</returns>
    public string CreateApiKeyToken(ApiKeyRecord key) => Create(ApiKeyClaims(key));

    /// <summary>The claims of an API key's principal: its subject, kind and grants.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The claims.</returns>
    public static List<Claim> ApiKeyClaims(ApiKeyRecord key)
    {
        var claims = new List<Claim> { new(SecurityClaims.Subject, "apikey:" + key.Id), new(SecurityClaims.Kind, SecurityClaims.ApiKeyKind) };
        claims.AddRange(key.Permissions.Select(p => new Claim(SecurityClaims.Permission, p)));
        return claims;
    }

    /// <summary>A new refresh token of <paramref name="family"/> for <paramref name="subject"/>.</summary>
    /// <param name="family">The sign-in it belongs to.</param>
    /// <param name="subject">The username.</param>
    /// <returns>The token to hand out and the record to store.</returns>
    public (string Token, RefreshTokenRecord Record) CreateRefreshToken(Guid family, string subject)
    {
        var token = "rt_" + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        return (token, new RefreshTokenRecord(HashRefreshToken(token), family, subject, now, now + options.Value.RefreshTokenLifetime));
    }

    /// <summary>The stored hash of a refresh token.</summary>
    /// <param name="token">The token.</param>
    /// <returns>SHA-256 of its UTF-8 bytes.</returns>
    public static byte[] HashRefreshToken(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    private string Create(List<Claim> claims)
    {
        var now = time.GetUtcNow().UtcDateTime;
        claims.Add(new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")));
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.AccessTokenLifetime,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = keys.Active,
        });
    }
}
