using System.Security.Claims;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>POST /api/v1/system/dashboard-session</c>: lets a signed-in user's browser open the Orleans dashboard, whose page
/// cannot send a bearer token (<see cref="DashboardSession"/>).
/// </summary>
internal static partial class SystemApi
{
    /// <summary>Maps the dashboard-session route.</summary>
    public static RouteGroupBuilder MapDashboardSessionApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/system/dashboard-session", CreateDashboardSession).WithName("CreateDashboardSession").WithTags("System")
            .WithSummary("Starts a browser session for the Orleans dashboard: the caller's access token in an HttpOnly, SameSite=Strict cookie accepted only under /dashboard, expiring with the token.")
            .WithDescription("For signed-in users (a token from POST /auth/token or single sign-on); an API key is refused. The browser must accept the response's cookie (fetch with credentials: 'same-origin'). Ask again after expiresAt, with the refreshed token.");
        return v1;
    }

    private static Results<Ok<DashboardSessionResponse>, ProblemHttpResult> CreateDashboardSession(HttpContext http, TimeProvider time)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (http.User.FindFirstValue(SecurityClaims.Kind) is not (SecurityClaims.UserKind or SecurityClaims.SsoKind)
            || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Forbidden("A dashboard session is for a signed-in user's browser; an API key calls the dashboard's endpoints with its Authorization header.");
        }

        // The token's own expiry (validated by the handler, so present); the cookie goes with it.
        var expiresAt = long.TryParse(http.User.FindFirstValue("exp"), out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp)
            : time.GetUtcNow().AddMinutes(15);
        http.Response.Cookies.Append(DashboardSession.CookieName, header["Bearer ".Length..].Trim(), DashboardSession.Options(http, expiresAt));
        return TypedResults.Ok(new DashboardSessionResponse(ApiDashboardExtensions.RoutePrefix + "/", expiresAt));
    }
}
