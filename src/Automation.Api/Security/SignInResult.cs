namespace Automation.Api.Security;

/// <summary>What a sign-in attempt produced.</summary>
/// <param name="Tokens">The tokens, on success.</param>
/// <param name="MfaRequired">The password was right but an MFA code is needed (or was wrong).</param>
/// <param name="Reason">Why it failed, for the audit trail only (never told to the caller).</param>
public sealed record SignInResult(TokenPair? Tokens, bool MfaRequired, string? Reason);
