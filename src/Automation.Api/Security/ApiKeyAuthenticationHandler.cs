using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Automation.Api.Security;

/// <summary>Authenticates <c>Authorization: ApiKey &lt;key&gt;</c>: the principal carries the key's grants.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyValidator keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name, and the <c>Authorization</c> header's scheme word.</summary>
    public const string SchemeName = "ApiKey";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.ValidateAsync(header[(SchemeName.Length + 1)..].Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is invalid, expired or revoked.");
        }

        var identity = new ClaimsIdentity(TokenIssuer.ApiKeyClaims(key), SchemeName, SecurityClaims.Subject, SecurityClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} error=\"invalid_key\"";
        return Task.CompletedTask;
    }
}
