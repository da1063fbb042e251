using Automation.Api.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Automation.Api.Security;

/// <summary>
/// Answers an authorization 403 that a missing permission caused with problem details naming it
/// (<c>"permission": "users:admin"</c>), so that a client (the console's 403 page) can tell the user what their role
/// lacks. Every other outcome is left to the default handler (a 401 challenge, a 403 without a permission reason).
/// </summary>
internal sealed class PermissionForbiddenResultHandler : IAuthorizationMiddlewareResultHandler
{
    /// <summary>The problem details extension naming the missing permission.</summary>
    public const string PermissionExtension = "permission";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    /// <inheritdoc />
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var missing = authorizeResult.Forbidden
            ? authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>().FirstOrDefault()
            : null;
        if (missing is null)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        // Let the schemes add what they add to a 403 (none writes a body), then write the problem.
        await context.ForbidAsync();
        var pendingMfa = context.User.HasClaim(SecurityClaims.MfaEnrolmentRequired, "true");
        var detail = pendingMfa
            ? $"This needs the '{missing.Permission}' permission. A role of yours requires MFA: enrol (POST /api/v1/auth/mfa/enrol), then sign in again with a code to get your permissions."
            : $"This needs the '{missing.Permission}' permission, which none of your grants covers.";
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await ProblemResponses.WriteAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Forbidden",
            Detail = detail,
            Extensions = { [PermissionExtension] = missing.Permission },
        });
    }
}
