using Automation.Security;

namespace Automation.Api.Contracts;

/// <summary>A user, without any credential: never a password hash, MFA secret or recovery code.</summary>
/// <param name="Username">The login name.</param>
/// <param name="Roles">The role names.</param>
/// <param name="Disabled">Whether the user is disabled.</param>
/// <param name="Locked">Whether sign-ins are refused for now after repeated failures.</param>
/// <param name="LockedUntil">Until when, while locked.</param>
/// <param name="MfaEnabled">Whether the user signs in with an MFA code.</param>
/// <param name="CreatedAt">When the user was created.</param>
/// <param name="UpdatedAt">When the user last changed (a sign-in counts).</param>
public sealed record UserResponse(
    string Username, IReadOnlyList<string> Roles, bool Disabled, bool Locked, DateTimeOffset? LockedUntil, bool MfaEnabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Maps a stored user.</summary>
    /// <param name="user">The user.</param>
    /// <param name="now">The time, to tell whether a lock still holds.</param>
    /// <returns>The response.</returns>
    public static UserResponse From(UserAccount user, DateTimeOffset now)
    {
        var locked = user.LockedUntil > now;
        return new(user.Username, user.Roles, user.Disabled, locked, locked ? user.LockedUntil : null, user.MfaEnabled, user.CreatedAt, user.UpdatedAt);
    }
}
