namespace Automation.Api.Contracts;

/// <summary>A custom role's grants, or a built-in role's MFA setting (its grants are fixed: send them unchanged).</summary>
/// <param name="Permissions">The grants: <c>*</c>, <c>area:*</c>, <c>area:action</c> or <c>area:action:pattern</c> (e.g. <c>workflows:start:deploy-*</c>).</param>
/// <param name="RequireMfa">Whether members need MFA to sign in.</param>
public sealed record PutRoleRequest(IReadOnlyList<string> Permissions, bool RequireMfa = false);
