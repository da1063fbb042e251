namespace Automation.Api.Contracts;

/// <summary>Sign in with a username and password (and an MFA code when the user has MFA), or exchange an API key.</summary>
/// <param name="Username">The username.</param>
/// <param name="Password">The password.</param>
/// <param name="MfaCode">A 6-digit TOTP code, or a recovery code.</param>
/// <param name="ApiKey">An API key, instead of a username and password.</param>
public sealed record TokenRequest(string? Username = null, string? Password = null, string? MfaCode = null, string? ApiKey = null);
