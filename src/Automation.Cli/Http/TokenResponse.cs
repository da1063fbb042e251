using System.Text.Json.Nodes;
using Automation.Cli.Config;

namespace Automation.Cli.Http;

/// <summary>Reads the answer of <c>POST /api/v1/auth/token</c> and <c>/auth/refresh</c>.</summary>
internal static class TokenResponse
{
    /// <summary>The credentials a token answer grants.</summary>
    /// <param name="document">The answer: <c>{accessToken, refreshToken, expiresIn, tokenType}</c>.</param>
    /// <param name="subject">Who signed in.</param>
    /// <param name="server">The server that issued the tokens.</param>
    public static Credentials ToCredentials(JsonNode? document, string? subject, string? server)
    {
        var accessToken = document?["accessToken"]?.GetValue<string>() ?? throw new InvalidOperationException("The token answer has no accessToken.");
        var refreshToken = document["refreshToken"]?.GetValue<string>();
        var expiresIn = document["expiresIn"]?.GetValue<int>() ?? 900;
        return new Credentials(accessToken, refreshToken, DateTimeOffset.UtcNow.AddSeconds(expiresIn), null, subject, server);
    }
}
