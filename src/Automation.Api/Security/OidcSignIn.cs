using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Automation.Api.Security;

/// <summary>
/// Accepts access tokens of an external OIDC issuer (single sign-on): keys from its JWKS, issuer and audience checked,
/// then the user's name and roles mapped onto our claims (<see cref="SecurityClaims.SsoKind"/>), so the same role
/// permissions apply.
/// </summary>
internal static class OidcSignIn
{
    /// <summary>Whether the bearer token in <paramref name="header"/> names <paramref name="issuer"/> (unverified; only picks the handler).</summary>
    /// <param name="header">The <c>Authorization</c> header.</param>
    /// <param name="issuer">The external issuer.</param>
    /// <returns><see langword="true"/> when the token claims to be from it.</returns>
    public static bool IsFromIssuer(string header, string issuer)
    {
        const string Bearer = "Bearer ";
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || header.Length > 16 * 1024)
        {
            return false;
        }

        try
        {
            return new JsonWebToken(header[Bearer.Length..].Trim()).Issuer == issuer;
        }
        catch (ArgumentException)
        {
            return false; // not a JWT: the API's own handler refuses it
        }
    }

    /// <summary>Configures the OIDC bearer handler.</summary>
    /// <param name="jwt">The handler options.</param>
    /// <param name="auth">Our settings.</param>
    public static void Configure(JwtBearerOptions jwt, AuthOptions auth)
    {
        var oidc = auth.Oidc;
        if (oidc.Issuer.Length == 0)
        {
            return;
        }

        jwt.Authority = oidc.Issuer;
        jwt.MetadataAddress = oidc.MetadataAddress ?? oidc.Issuer.TrimEnd('/') + "/.well-known/openid-configuration";
        jwt.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = oidc.Issuer,
            ValidAudience = oidc.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = auth.ClockSkew,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var external = context.Principal!;
                var username = external.FindFirstValue(oidc.UsernameClaim) ?? external.FindFirstValue("sub");
                if (string.IsNullOrEmpty(username))
                {
                    context.Fail($"The token has neither '{oidc.UsernameClaim}' nor 'sub'.");
                    return Task.CompletedTask;
                }

                var claims = new List<Claim>
                {
                    new(SecurityClaims.Subject, username),
                    new(SecurityClaims.Kind, SecurityClaims.SsoKind),
                };
                claims.AddRange(Roles(external, oidc).Select(r => new Claim(SecurityClaims.Role, r)));
                context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, OidcScheme(), SecurityClaims.Subject, SecurityClaims.Role));
                return Task.CompletedTask;
            },
        };
    }

    private static string OidcScheme() => HostApplicationBuilderSecurityExtensions.OidcScheme;

    private static IEnumerable<string> Roles(ClaimsPrincipal external, OidcOptions oidc)
    {
        // A JSON array claim arrives as one claim per value, or (from some issuers) as one JSON-array string.
        var values = external.FindAll(oidc.RolesClaim).SelectMany(c => c.Value.StartsWith('[') ? ParseArray(c.Value) : [c.Value]);
        return values
            .Select(v => oidc.RoleMap.Count == 0 ? v : oidc.RoleMap.GetValueOrDefault(v))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
    }

    private static IEnumerable<string> ParseArray(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
