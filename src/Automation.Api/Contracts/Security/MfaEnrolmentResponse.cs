namespace Automation.Api.Contracts;

/// <summary>A TOTP secret to add to an authenticator app; MFA is on once a code from it is confirmed.</summary>
/// <param name="Secret">The base32 secret.</param>
/// <param name="OtpauthUri">The <c>otpauth://</c> URI (for a QR code).</param>
public sealed record MfaEnrolmentResponse(string Secret, string OtpauthUri);
