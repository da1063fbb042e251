using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Automation.Api.Security;

/// <summary>
/// Adds a user's permission grants (from their roles, as they are now) to the principal of each request, so that a
/// role change applies to tokens already issued. API key principals carry their grants already.
/// </summary>
/// <param name="roles">The roles.</param>
internal sealed class PermissionClaimsTransformation(RoleCatalog roles) : IClaimsTransformation
{
    /// <inheritdoc />
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity
            || principal.FindFirstValue(SecurityClaims.Kind) is not (SecurityClaims.UserKind or SecurityClaims.SsoKind)
            || identity.HasClaim(c => c.Type == SecurityClaims.Permission)
            || principal.HasClaim(SecurityClaims.MfaEnrolmentRequired, "true"))
        {
            return principal;
        }

        var names = principal.FindAll(SecurityClaims.Role).Select(r => r.Value).ToList();
        var catalog = await roles.GetAsync(names);
        var grants = names
            .SelectMany(r => catalog.TryGetValue(r, out var role) ? role.Grants : [])
            .Select(g => g.Text)
            .Distinct(StringComparer.Ordinal)
            .Select(g => new Claim(SecurityClaims.Permission, g));

        // A new identity: ClaimsPrincipal.Clone shares the identities, and the transformation may run more than once.
        var copy = new ClaimsIdentity(identity.Claims.Concat(grants).ToList(), identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
        return new ClaimsPrincipal(copy);
    }
}
