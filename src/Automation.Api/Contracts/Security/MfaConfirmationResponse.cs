namespace Automation.Api.Contracts;

/// <summary>MFA is on. The recovery codes are shown once: each signs in once in place of a TOTP code.</summary>
/// <param name="RecoveryCodes">The codes.</param>
public sealed record MfaConfirmationResponse(IReadOnlyList<string> RecoveryCodes);
