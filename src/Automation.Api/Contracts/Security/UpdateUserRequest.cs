namespace Automation.Api.Contracts;

/// <summary>Changes to a user; absent properties stay as they are. Send at least one.</summary>
/// <param name="Password">A new password (checked against the password policy). Revokes the user's refresh tokens.</param>
/// <param name="Roles">The new role names, replacing the current ones. A change revokes the user's refresh tokens.</param>
/// <param name="Disabled">Whether the user is disabled: a disabled user cannot sign in or refresh. Disabling revokes the user's refresh tokens.</param>
/// <param name="Unlock">When <c>true</c>, lifts a lockout after failed sign-ins and resets the failure count.</param>
/// <param name="ResetMfa">When <c>true</c>, turns MFA off and forgets the secret and recovery codes (a lost authenticator).</param>
public sealed record UpdateUserRequest(
    string? Password = null, IReadOnlyList<string>? Roles = null, bool? Disabled = null, bool? Unlock = null, bool? ResetMfa = null);
