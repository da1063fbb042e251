namespace Automation.Cli.Config;

/// <summary>
/// What <c>automation login</c> keeps for one profile, in <c>credentials/&lt;profile&gt;.json</c> (mode 600): the access
/// and refresh tokens of a sign-in, or an API key.
/// </summary>
/// <param name="AccessToken">The bearer access token, or null for an API key.</param>
/// <param name="RefreshToken">The refresh token that renews it.</param>
/// <param name="ExpiresAt">When the access token expires.</param>
/// <param name="ApiKey">An API key sent as <c>Authorization: ApiKey …</c> instead of tokens.</param>
/// <param name="Subject">Who signed in, for messages.</param>
/// <param name="Server">The server that issued them: they are never sent anywhere else.</param>
internal sealed record Credentials(string? AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt, string? ApiKey, string? Subject, string? Server = null);
