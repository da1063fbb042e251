using System.CommandLine;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;
using Automation.Cli.Config;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary><c>profile list|show|add|use|remove</c>: several servers, each with its own sign-in.</summary>
internal static class ProfileCommands
{
    /// <summary>The command.</summary>
    public static Command Build()
    {
        var name = new Argument<string>("name") { Description = "The profile name." };
        var server = new Option<string>("--server") { Description = "The API's base URL.", Required = true };
        var use = new Option<bool>("--use") { Description = "Make it the current profile." };

        var list = new Command("list", "List the profiles.").Does((context, _) =>
        {
            var rows = new JsonArray();
            foreach (var (profileName, profile) in context.Config.Profiles.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var credentials = context.Store.LoadCredentials(profileName);
                rows.Add(new JsonObject
                {
                    ["name"] = profileName,
                    ["server"] = profile.Server,
                    ["current"] = profileName == context.Config.Current,
                    ["signedInAs"] = credentials?.Subject,
                });
            }

            context.Printer.List(rows, [Column.Of("NAME", "name"), Column.Of("SERVER", "server"), new("CURRENT", r => r["current"]?.GetValue<bool>() == true ? "*" : ""), Column.Of("SIGNED IN AS", "signedInAs")]);
            return Task.FromResult(ExitCodes.Ok);
        });

        var show = new Command("show", "Show the profile in use and its server.").Does((context, _) =>
        {
            var credentials = context.Store.LoadCredentials(context.ProfileName);
            context.Printer.Document(new JsonObject
            {
                ["profile"] = context.ProfileName,
                ["server"] = context.Server.ToString().TrimEnd('/'),
                ["signedInAs"] = credentials?.Subject,
                ["credential"] = credentials is null ? "none" : credentials.ApiKey is not null ? "api-key" : "token",
                ["configFolder"] = context.Store.Directory,
            });
            return Task.FromResult(ExitCodes.Ok);
        });

        var add = new Command("add", "Add or change a profile.").With(name, server, use).Does((context, _) =>
        {
            var profileName = context.Parse.GetValue(name)!;
            ConfigStore.ValidateProfileName(profileName);
            var url = CommandContext.ParseServer(context.Parse.GetValue(server)!);
            var config = context.Config;
            config.Profiles[profileName] = new CliProfile(url.ToString().TrimEnd('/'));
            if (context.Parse.GetValue(use))
            {
                config.Current = profileName;
            }

            context.Store.Save(config);
            context.Printer.Messages.WriteLine($"Profile '{profileName}' → {url.ToString().TrimEnd('/')}{(config.Current == profileName ? " (current)" : "")}.");
            return Task.FromResult(ExitCodes.Ok);
        });

        var useCommand = new Command("use", "Make a profile the current one.").With(name).Does((context, _) =>
        {
            var profileName = context.Parse.GetValue(name)!;
            var config = context.Config;
            if (!config.Profiles.ContainsKey(profileName))
            {
                throw new CliException($"No profile named '{profileName}'. Create it with `automation profile add {profileName} --server URL`.", ExitCodes.NotFound);
            }

            config.Current = profileName;
            context.Store.Save(config);
            context.Printer.Messages.WriteLine($"Using profile '{profileName}'.");
            return Task.FromResult(ExitCodes.Ok);
        });

        var remove = new Command("remove", "Remove a profile and its credentials.").With(name).Does((context, _) =>
        {
            var profileName = context.Parse.GetValue(name)!;
            var config = context.Config;
            if (!config.Profiles.Remove(profileName))
            {
                throw new CliException($"No profile named '{profileName}'.", ExitCodes.NotFound);
            }

            if (config.Current == profileName)
            {
                config.Current = ConfigStore.DefaultProfile;
            }

            context.Store.Save(config);
            context.Store.DeleteCredentials(profileName);
            context.Printer.Messages.WriteLine($"Removed profile '{profileName}'.");
            return Task.FromResult(ExitCodes.Ok);
        });

        return new Command("profile", "Servers the CLI talks to, each with its own sign-in.").With(list, show, add, useCommand, remove);
    }
}
