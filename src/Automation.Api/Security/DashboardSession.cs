using Microsoft.AspNetCore.Authentication.Cookies;

namespace Automation.Api.Security;

/// <summary>
/// A browser session for the Orleans dashboard at <c>/dashboard</c>. The dashboard's page loads its data with plain
/// requests that cannot carry the console's bearer token, so <c>POST /api/v1/system/dashboard-session</c> (bearer,
/// <see cref="Permissions.ClusterRead"/>) turns the caller's sign-in into a cookie that is valid only there: HttpOnly,
/// SameSite=Strict (no other site can make the browser send it), path <c>/dashboard</c> (never sent to <c>/api</c>)
/// and accepted only on <c>/dashboard</c> requests without an <c>Authorization</c> header (see
/// <see cref="HostApplicationBuilderSecurityExtensions"/>), for <see cref="Lifetime"/> at most and never past the
/// token it came from. Permissions are computed again from the roles on every request, as for a token.
/// </summary>
public static class DashboardSession
{
    /// <summary>The authentication scheme.</summary>
    public const string Scheme = "DashboardSession";

    /// <summary>The cookie's name.</summary>
    public const string CookieName = "automation_dashboard";

    /// <summary>How long a dashboard session lasts at most: the access token's lifetime.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>Whether a request may be authenticated by the dashboard cookie.</summary>
    /// <param name="http">The request.</param>
    /// <returns><c>true</c> for a <c>/dashboard</c> request with the cookie and no <c>Authorization</c> header.</returns>
    public static bool Applies(HttpContext http) =>
        http.Request.Headers.Authorization.Count == 0
        && http.Request.Path.StartsWithSegments(Hosting.ApiDashboardExtensions.RoutePrefix, StringComparison.OrdinalIgnoreCase)
        && http.Request.Cookies.ContainsKey(CookieName);

    /// <summary>Configures the cookie handler: no redirects (the dashboard's requests get 401/403).</summary>
    /// <param name="options">The cookie options.</param>
    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.Path = Hosting.ApiDashboardExtensions.RoutePrefix;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = Lifetime;
        options.SlidingExpiration = false;
        options.Events.OnRedirectToLogin = context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }
}
