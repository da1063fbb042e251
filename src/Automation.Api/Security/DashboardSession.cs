namespace Automation.Api.Security;

/// <summary>
/// A browser session for the Orleans dashboard at <c>/dashboard</c>. The dashboard's page loads its data with plain
/// requests that cannot carry the console's bearer token, so <c>POST /api/v1/system/dashboard-session</c> (bearer,
/// <see cref="Permissions.ClusterRead"/>) puts the caller's own access token in a cookie that only the dashboard
/// accepts: HttpOnly, SameSite=Strict (no other site can make the browser send it), path <c>/dashboard</c> (never sent
/// to <c>/api</c>), expiring with the token, and read only on <c>/dashboard</c> requests without an
/// <c>Authorization</c> header (see <see cref="HostApplicationBuilderSecurityExtensions"/>). The token is validated
/// exactly as in the header (signature, issuer, expiry; the signing keys every API process shares), so a session
/// works on every API replica and permissions come from the roles on every request.
/// </summary>
public static class DashboardSession
{
    /// <summary>The cookie's name.</summary>
    public const string CookieName = "automation_dashboard";

    /// <summary>The caller's access token when a request may be authenticated by the dashboard cookie.</summary>
    /// <param name="http">The request.</param>
    /// <returns>The token, for a <c>/dashboard</c> request with the cookie and no <c>Authorization</c> header; else null.</returns>
    public static string? TokenOf(HttpContext http) =>
        http.Request.Headers.Authorization.Count == 0
        && http.Request.Path.StartsWithSegments(Hosting.ApiDashboardExtensions.RoutePrefix, StringComparison.OrdinalIgnoreCase)
        && http.Request.Cookies.TryGetValue(CookieName, out var token) && !string.IsNullOrEmpty(token)
            ? token
            : null;

    /// <summary>The cookie's attributes.</summary>
    /// <param name="http">The request that sets it.</param>
    /// <param name="expires">When the token expires.</param>
    /// <returns>The options.</returns>
    public static CookieOptions Options(HttpContext http, DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = Hosting.ApiDashboardExtensions.RoutePrefix,
        Expires = expires,
        IsEssential = true,
    };

    /// <summary>Reads the token from the cookie for a JWT bearer handler (its <c>OnMessageReceived</c>).</summary>
    /// <param name="context">The handler's context.</param>
    /// <returns>A completed task.</returns>
    public static Task ReadCookie(Microsoft.AspNetCore.Authentication.JwtBearer.MessageReceivedContext context)
    {
        if (TokenOf(context.HttpContext) is { } token)
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }
}
