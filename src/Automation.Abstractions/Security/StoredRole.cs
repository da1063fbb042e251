namespace Automation.Security;

/// <summary>A custom role, or a built-in role's stored settings.</summary>
/// <param name="Name">The role name.</param>
/// <param name="Permissions">The permission grants, e.g. <c>workflows:start:deploy-*</c>.</param>
/// <param name="RequireMfa">Whether members need MFA to sign in.</param>
/// <param name="CreatedAt">When created.</param>
/// <param name="UpdatedAt">When last changed.</param>
public sealed record StoredRole(string Name, IReadOnlyList<string> Permissions, bool RequireMfa, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
