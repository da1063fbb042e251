using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;
using Automation.Cli.Config;
using Automation.Cli.Http;
using Automation.Cli.Input;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary><c>login</c>, <c>logout</c> and <c>whoami</c>.</summary>
internal static class AuthCommands
{
    /// <summary>The commands.</summary>
    public static IEnumerable<Command> Build()
    {
        var username = new Option<string?>("--username", "-u") { Description = "The username (asked when missing)." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var mfaCode = new Option<string?>("--mfa-code") { Description = "The current TOTP code (or a recovery code); asked when the server needs one." };
        var apiKeyStdin = new Option<bool>("--api-key-stdin") { Description = "Sign in with an API key read from standard input instead of a password." };
        var login = new Command("login", "Sign in to the server of a profile; tokens are kept per profile (mode 600) and refreshed automatically.")
            .With(username, passwordStdin, mfaCode, apiKeyStdin)
            .Does(async (context, cancellationToken) =>
            {
                var server = context.Server;
                RememberServer(context, server);
                return context.Parse.GetValue(apiKeyStdin)
                    ? await LoginWithApiKeyAsync(context, cancellationToken)
                    : await LoginWithPasswordAsync(context, context.Parse.GetValue(username), context.Parse.GetValue(passwordStdin), context.Parse.GetValue(mfaCode), cancellationToken);
            });

        var logout = new Command("logout", "Sign out: revokes the refresh token and forgets the profile's credentials.")
            .Does(async (context, cancellationToken) =>
            {
                var credentials = context.Store.LoadCredentials(context.ProfileName);
                if (credentials?.RefreshToken is { } refreshToken)
                {
                    // Authenticated (the server requires it; an expired access token is refreshed first), so the sign-in is
                    // really revoked and a copy of the credentials file stops working.
                    try
                    {
                        await context.Api.SendAsync(ApiRoutes.AuthLogout.HttpMethod, ApiRoutes.AuthLogout.Path, new JsonObject { ["refreshToken"] = refreshToken }, cancellationToken);
                    }
                    catch (CliException e)
                    {
                        context.Printer.Error.WriteLine($"The session could not be revoked on the server ({e.Message.Split('\n')[0]}); the local credentials are removed anyway.");
                    }
                }

                var removed = context.Store.DeleteCredentials(context.ProfileName);
                context.Printer.Messages.WriteLine(removed ? $"Signed out of profile '{context.ProfileName}'." : $"Profile '{context.ProfileName}' was not signed in.");
                return ExitCodes.Ok;
            });

        var whoami = new Command("whoami", "Who the server says you are: subject, roles and permissions.")
            .Does(async (context, cancellationToken) =>
            {
                var me = await context.Api.GetAsync(ApiRoutes.AuthMe.Path, cancellationToken);
                context.Printer.Document(me);
                return ExitCodes.Ok;
            });

        return [login, logout, whoami];
    }

    private static void RememberServer(CommandContext context, Uri server)
    {
        var config = context.Config;
        var name = context.ProfileName;
        var text = server.ToString().TrimEnd('/');
        if (!config.Profiles.TryGetValue(name, out var profile) || profile.Server != text)
        {
            config.Profiles[name] = new CliProfile(text);
            context.Store.Save(config);
        }
    }

    private static async Task<int> LoginWithPasswordAsync(CommandContext context, string? username, bool passwordStdin, string? mfaCode, CancellationToken cancellationToken)
    {
        username ??= Prompt.Line("Username: ");
        var password = passwordStdin ? Console.In.ReadLine() ?? "" : Prompt.Secret("Password: ");
        var body = new JsonObject { ["username"] = username, ["password"] = password };
        if (!string.IsNullOrWhiteSpace(mfaCode))
        {
            body["mfaCode"] = mfaCode.Trim();
        }

        var (status, answer) = await context.Api.PostAnonymousAsync(ApiRoutes.AuthToken.Path, body, cancellationToken);
        if (status == HttpStatusCode.Unauthorized && answer?["mfaRequired"]?.GetValue<bool>() == true && body["mfaCode"] is null)
        {
            body["mfaCode"] = Prompt.Line("MFA code: ");
            (status, answer) = await context.Api.PostAnonymousAsync(ApiRoutes.AuthToken.Path, body, cancellationToken);
        }

        if (status != HttpStatusCode.OK)
        {
            throw new ApiProblemException(HttpMethod.Post, ApiRoutes.AuthToken.Path, status, answer);
        }

        context.Store.SaveCredentials(context.ProfileName, TokenResponse.ToCredentials(answer, username, context.Server.ToString()));
        context.Printer.Messages.WriteLine($"Signed in to {context.Server} as {username} (profile '{context.ProfileName}').");
        return ExitCodes.Ok;
    }

    private static async Task<int> LoginWithApiKeyAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var key = (Console.IsInputRedirected ? Console.In.ReadLine() : Prompt.Secret("API key: "))?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            throw CliException.Usage("No API key on standard input.");
        }

        // Checked before it is kept: a wrong key must not replace a working sign-in.
        using var probe = new ApiClient(context.Server, new ConfigStore(Path.Combine(Path.GetTempPath(), "automation-cli-probe-" + Guid.NewGuid().ToString("N"))), context.ProfileName, key, TimeSpan.FromSeconds(30));
        var me = await probe.GetAsync(ApiRoutes.AuthMe.Path, cancellationToken);
        var subject = Json.String(me, "subject");
        context.Store.SaveCredentials(context.ProfileName, new Credentials(null, null, null, key, subject, context.Server.ToString()));
        context.Printer.Messages.WriteLine($"Signed in to {context.Server} as {subject} with an API key (profile '{context.ProfileName}').");
        return ExitCodes.Ok;
    }
}
