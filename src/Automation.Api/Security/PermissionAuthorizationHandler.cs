using Microsoft.AspNetCore.Authorization;

namespace Automation.Api.Security;

/// <summary>Succeeds a <see cref="PermissionRequirement"/> when one of the caller's grants covers it.</summary>
internal sealed class PermissionAuthorizationHandler : AuthorizationHandler<PermissionRequirement>
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.AllowsSome(requirement.Permission))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
