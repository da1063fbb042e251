namespace Automation.Api.Contracts;

/// <summary>Tokens for the API.</summary>
/// <param name="AccessToken">A JWT to send as <c>Authorization: Bearer ...</c>.</param>
/// <param name="RefreshToken">Exchanges for new tokens once (<c>POST /api/v1/auth/refresh</c>); absent for API keys.</param>
/// <param name="ExpiresIn">Seconds until the access token expires.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
public sealed record TokenResponse(string AccessToken, string? RefreshToken, int ExpiresIn, string TokenType = "Bearer");
