using Automation.Api.Security;

namespace Automation.Api.Contracts;

/// <summary>A role: what it allows and whether its members need MFA.</summary>
/// <param name="Name">The role name.</param>
/// <param name="Permissions">The grants.</param>
/// <param name="RequireMfa">Whether members need MFA to sign in.</param>
/// <param name="BuiltIn">Whether it is built in (its grants cannot change and it cannot be deleted).</param>
/// <param name="CreatedAt">When a custom role was created; <c>null</c> for a built-in role.</param>
/// <param name="UpdatedAt">When it last changed; <c>null</c> for a built-in role never changed.</param>
public sealed record RoleResponse(string Name, IReadOnlyList<string> Permissions, bool RequireMfa, bool BuiltIn, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt)
{
    /// <summary>Maps a role of the catalog.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The response.</returns>
    public static RoleResponse From(RoleInfo role) =>
        new(role.Name, [.. role.Grants.Select(g => g.Text)], role.RequireMfa, role.BuiltIn, role.CreatedAt, role.UpdatedAt);
}
