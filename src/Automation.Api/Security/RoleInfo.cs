namespace Automation.Api.Security;

/// <summary>A role as the API applies it.</summary>
/// <param name="Name">The name.</param>
/// <param name="Grants">What it allows.</param>
/// <param name="RequireMfa">Whether members need MFA.</param>
/// <param name="BuiltIn">Whether it is one of <see cref="BuiltInRoles"/>.</param>
/// <param name="CreatedAt">When stored, for custom roles.</param>
/// <param name="UpdatedAt">When last changed, if stored.</param>
public sealed record RoleInfo(string Name, IReadOnlyList<PermissionGrant> Grants, bool RequireMfa, bool BuiltIn, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt);
