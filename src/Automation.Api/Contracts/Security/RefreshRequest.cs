namespace Automation.Api.Contracts;

/// <summary>A refresh token to exchange (or to revoke, on logout).</summary>
/// <param name="RefreshToken">The token.</param>
public sealed record RefreshRequest(string RefreshToken);
