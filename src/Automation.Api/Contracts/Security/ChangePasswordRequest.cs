namespace Automation.Api.Contracts;

/// <summary>Change one's own password.</summary>
/// <param name="CurrentPassword">The current password.</param>
/// <param name="NewPassword">The new password (checked against the password policy).</param>
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);
