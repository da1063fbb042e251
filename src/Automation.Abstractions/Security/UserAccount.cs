namespace Automation.Security;

/// <summary>A user as stored: credentials, roles, lockout and MFA state. Never returned by the API as is.</summary>
/// <param name="Username">The login name (the key).</param>
/// <param name="PasswordHash">The password hash (ASP.NET Core <c>PasswordHasher</c> format, versioned and salted).</param>
/// <param name="Roles">The role names.</param>
/// <param name="Disabled">A disabled user cannot sign in or refresh.</param>
/// <param name="FailedLogins">Consecutive failed sign-ins since the last success.</param>
/// <param name="LockedUntil">Sign-ins are refused until then.</param>
/// <param name="MfaSecret">The TOTP secret, encrypted (see the API's <c>MfaSecretProtector</c>), set at enrolment.</param>
/// <param name="MfaEnabled">Whether a code is needed to sign in (enrolment verified).</param>
/// <param name="MfaLastStep">The last accepted TOTP time step, so a code cannot be replayed.</param>
/// <param name="RecoveryCodes">SHA-256 hashes (hex) of the unused recovery codes.</param>
/// <param name="CreatedAt">When the user was created.</param>
/// <param name="UpdatedAt">When the user last changed.</param>
public sealed record UserAccount(
    string Username,
    string PasswordHash,
    IReadOnlyList<string> Roles,
    bool Disabled,
    int FailedLogins,
    DateTimeOffset? LockedUntil,
    string? MfaSecret,
    bool MfaEnabled,
    long MfaLastStep,
    IReadOnlyList<string> RecoveryCodes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
