using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Automation.Api.Security;

/// <summary>Registers authentication (JWT bearer and API keys), authorization by permission, and sign-in services.</summary>
public static class HostApplicationBuilderSecurityExtensions
{
    /// <summary>The default scheme: picks the JWT, OIDC or API key handler from the <c>Authorization</c> header.</summary>
    public const string PolicyScheme = "Automation";

    /// <summary>The scheme of tokens from the external OIDC issuer.</summary>
    public const string OidcScheme = "Oidc";

    /// <summary>Adds the API's security services, configured from <see cref="AuthOptions.SectionName"/>.</summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddAutomationSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<ValidatedTokenCache>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<RoleCatalog>();
        services.AddSingleton<ApiKeyValidator>();
        services.AddSingleton<UserSignIn>();
        services.AddSingleton<MfaSecretProtector>();
        services.AddSingleton<IClaimsTransformation, PermissionClaimsTransformation>();
        services.AddSingleton<IAuthorizationHandler, PermissionAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, PermissionForbiddenResultHandler>();
        services.AddHostedService<EndpointPermissionCheck>();
        services.AddHostedService<AdminBootstrap>();
        services.AddAutomationAudit();

        services.AddAuthentication(PolicyScheme)
            .AddPolicyScheme(PolicyScheme, "Bearer token or API key", o => o.ForwardDefaultSelector = SelectScheme)
            .AddJwtBearer()
            .AddJwtBearer(OidcScheme, _ => { })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeys, IOptions<AuthOptions>, ValidatedTokenCache>((jwt, keys, auth, cache) =>
            {
                jwt.MapInboundClaims = false;
                // Our own tokens: each is validated once and remembered until it expires (ValidatedTokenCache).
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(cache);
                jwt.SaveToken = false; // nothing reads the raw token back from the request's properties: one dictionary less per request
                jwt.Events = new JwtBearerEvents { OnMessageReceived = DashboardSession.ReadCookie };
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    IssuerSigningKeyResolver = (_, _, kid, _) => keys.Resolve(kid),
                    ClockSkew = auth.Value.ClockSkew,
                    NameClaimType = SecurityClaims.Subject,
                    RoleClaimType = SecurityClaims.Role,
                };
            });
        services.AddOptions<JwtBearerOptions>(OidcScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                OidcSignIn.Configure(jwt, auth.Value);
                jwt.Events.OnMessageReceived = DashboardSession.ReadCookie;
            });
        services.AddAuthorization();
        return builder;
    }

    private static string SelectScheme(HttpContext context)
    {
        // The dashboard's page sends the caller's token in its cookie (DashboardSession), chosen like a header's.
        var header = DashboardSession.TokenOf(context) is { } cookie ? "Bearer " + cookie : context.Request.Headers.Authorization.ToString();
        if (header.StartsWith(ApiKeyAuthenticationHandler.SchemeName + " ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        var oidc = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Oidc;
        return oidc.Issuer.Length > 0 && OidcSignIn.IsFromIssuer(header, oidc.Issuer) ? OidcScheme : JwtBearerDefaults.AuthenticationScheme;
    }
}
