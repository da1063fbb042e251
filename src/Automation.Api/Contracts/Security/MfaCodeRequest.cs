namespace Automation.Api.Contracts;

/// <summary>An MFA code: a 6-digit TOTP code, or (to disable MFA) a recovery code.</summary>
/// <param name="Code">The code.</param>
public sealed record MfaCodeRequest(string Code);
