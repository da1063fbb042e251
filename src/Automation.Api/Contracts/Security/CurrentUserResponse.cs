namespace Automation.Api.Contracts;

/// <summary>Who the caller is and what they may do.</summary>
/// <param name="Subject">The username, or <c>apikey:ID</c>.</param>
/// <param name="Kind"><c>user</c> or <c>apikey</c>.</param>
/// <param name="Roles">The user's roles.</param>
/// <param name="Permissions">The permission grants in force.</param>
/// <param name="MfaEnabled">Whether the user has MFA.</param>
/// <param name="MfaEnrolmentRequired">Whether a role requires MFA that the user has not set up: only enrolment is allowed until then.</param>
public sealed record CurrentUserResponse(string Subject, string Kind, IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions, bool MfaEnabled, bool MfaEnrolmentRequired);
