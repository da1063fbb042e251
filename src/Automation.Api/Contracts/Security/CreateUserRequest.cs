namespace Automation.Api.Contracts;

/// <summary>A new user.</summary>
/// <param name="Username">The login name: 1–64 letters, digits, '.', '_', '@' and '-', starting with a letter or digit.</param>
/// <param name="Password">The initial password (checked against the password policy).</param>
/// <param name="Roles">The role names (see <c>GET /api/v1/roles</c>); may be empty.</param>
public sealed record CreateUserRequest(string Username, string Password, IReadOnlyList<string> Roles);
