using System.Security.Claims;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.Security;
using Microsoft.AspNetCore.Authentication;
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
        v1.MapPost("/system/dashboard-session", CreateDashboardSessionAsync).WithName("CreateDashboardSession").WithTags("System")
            .WithSummary("Starts a browser session for the Orleans dashboard: an HttpOnly, SameSite=Strict cookie valid only under /dashboard, for 15 minutes at most and never past the caller's token.")
            .WithDescription("For signed-in users (a token from POST /auth/token or single sign-on); an API key is refused. The browser must accept the response's cookie (fetch with credentials: 'same-origin').");
        return v1;
    }

    private static async Task<Results<Ok<DashboardSessionResponse>, ProblemHttpResult>> CreateDashboardSessionAsync(HttpContext http, TimeProvider time)
    {
        var user = http.User;
        if (user.FindFirstValue(SecurityClaims.Kind) is not (SecurityClaims.UserKind or SecurityClaims.SsoKind))
        {
            return Problems.Forbidden("A dashboard session is for a signed-in user's browser; an API key can call the dashboard's endpoints with its Authorization header.");
        }

        // The permissions are left out: the claims transformation computes them from the roles on every request.
        var identity = new ClaimsIdentity(
            user.Claims.Where(c => c.Type != SecurityClaims.Permission && c.Type != "exp" && c.Type != "iat" && c.Type != "nbf"),
            DashboardSession.Scheme, SecurityClaims.Subject, SecurityClaims.Role);
        var expiresAt = time.GetUtcNow() + DashboardSession.Lifetime;
        if (long.TryParse(user.FindFirstValue("exp"), out var exp) && DateTimeOffset.FromUnixTimeSeconds(exp) < expiresAt)
        {
            expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        }

        await http.SignInAsync(DashboardSession.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            ExpiresUtc = expiresAt,
            IsPersistent = false,
            AllowRefresh = false,
        });
        return TypedResults.Ok(new DashboardSessionResponse(ApiDashboardExtensions.RoutePrefix + "/", expiresAt));
    }
}
