namespace Automation.Api.Security;

/// <summary>An access token and, for users, a refresh token.</summary>
/// <param name="AccessToken">The JWT.</param>
/// <param name="RefreshToken">The refresh token, or <see langword="null"/> (API keys re-authenticate instead).</param>
/// <param name="ExpiresIn">Seconds until the access token expires.</param>
/// <param name="Subject">Who it is for.</param>
public sealed record TokenPair(string AccessToken, string? RefreshToken, int ExpiresIn, string Subject);
