using System.Security.Claims;

namespace Automation.Api.Security;

/// <summary>What a principal may do, read from its permission claims.</summary>
public static class PrincipalAccess
{
    /// <summary>The principal's grants.</summary>
    /// <param name="principal">The caller.</param>
    /// <returns>The parsed grants.</returns>
    public static IReadOnlyList<PermissionGrant> Grants(this ClaimsPrincipal principal) =>
        [.. principal.FindAll(SecurityClaims.Permission).Select(c => PermissionGrant.TryParse(c.Value, out var g) ? g : null).OfType<PermissionGrant>()];

    /// <summary>Whether the caller may do <paramref name="permission"/> on some resource (the endpoint-level check).</summary>
    /// <param name="principal">The caller.</param>
    /// <param name="permission">The permission.</param>
    /// <returns><see langword="true"/> when some grant covers it.</returns>
    public static bool AllowsSome(this ClaimsPrincipal principal, string permission) => principal.Grants().Any(g => g.CoversSome(permission));

    /// <summary>Whether the caller may do <paramref name="permission"/> on the resource <paramref name="resource"/>.</summary>
    /// <param name="principal">The caller.</param>
    /// <param name="permission">The permission.</param>
    /// <param name="resource">The resource (definition) name.</param>
    /// <returns><see langword="true"/> when some grant covers it.</returns>
    public static bool Allows(this ClaimsPrincipal principal, string permission, string resource) => principal.Grants().Any(g => g.Covers(permission, resource));

    /// <summary>Whether the caller may do <paramref name="permission"/> on every resource.</summary>
    /// <param name="principal">The caller.</param>
    /// <param name="permission">The permission.</param>
    /// <returns><see langword="true"/> when some grant covers every resource.</returns>
    public static bool AllowsAll(this ClaimsPrincipal principal, string permission) => principal.Grants().Any(g => g.CoversAll(permission));

    /// <summary>Who the caller is, for records: the username, <c>apikey:ID</c>, or <c>anonymous</c>.</summary>
    /// <param name="principal">The caller.</param>
    /// <returns>The name.</returns>
    public static string Actor(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(SecurityClaims.Subject) ?? "unknown" : "anonymous";
}
