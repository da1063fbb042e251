using System.CommandLine;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;
using Automation.Cli.Http;
using Automation.Cli.Input;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary><c>user</c>, <c>role</c> and <c>api-key</c>: who may do what (needs <c>users:admin</c>).</summary>
internal static class AdminCommands
{
    /// <summary>The commands.</summary>
    public static IEnumerable<Command> Build()
    {
        yield return Users();
        yield return Roles();
        yield return ApiKeys();
    }

    private static Command Users()
    {
        var username = new Argument<string>("username") { Description = "The username." };
        var roles = new Option<string[]>("--role", "-r") { Description = "A role; repeatable." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (asked on a terminal otherwise)." };
        var create = new Command("create", "Create a user.").With(username, roles, passwordStdin).Does(async (context, cancellationToken) =>
        {
            var password = context.Parse.GetValue(passwordStdin) ? Console.In.ReadLine() ?? "" : Prompt.Secret("Password for the new user: ");
            var body = new JsonObject
            {
                ["username"] = context.Parse.GetValue(username),
                ["password"] = password,
                ["roles"] = new JsonArray((context.Parse.GetValue(roles) ?? []).Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
            };
            var response = await context.Api.SendAsync(ApiRoutes.UserCreate.HttpMethod, ApiRoutes.UserCreate.Path, body, cancellationToken);
            context.Printer.Document(response.Body, () => context.Printer.Out.WriteLine($"Created user {context.Parse.GetValue(username)}."));
            return ExitCodes.Ok;
        });

        var disable = new Option<bool?>("--disabled") { Description = "true disables the user, false enables." };
        var unlock = new Option<bool>("--unlock") { Description = "Lift a lockout." };
        var resetMfa = new Option<bool>("--reset-mfa") { Description = "Turn MFA off (a lost authenticator)." };
        var update = Resource.Send("update", "Change a user's roles, enable/disable, unlock or reset MFA.", ApiRoutes.UserPatch, username, u => $"Updated user {u}.",
            parse =>
            {
                var body = new JsonObject();
                if (parse.GetValue(roles) is { Length: > 0 } list)
                {
                    body["roles"] = new JsonArray(list.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());
                }

                if (parse.GetValue(disable) is { } disabled)
                {
                    body["disabled"] = disabled;
                }

                if (parse.GetValue(unlock))
                {
                    body["unlock"] = true;
                }

                if (parse.GetValue(resetMfa))
                {
                    body["resetMfa"] = true;
                }

                return body.Count > 0 ? body : throw CliException.Usage("Say what to change: --role, --disabled, --unlock or --reset-mfa.");
            },
            roles, disable, unlock, resetMfa);

        return new Command("user", "Users (needs users:admin).").With(
            Resource.List("List users.", ApiRoutes.Users, [
                Column.Of("USER", "username"), Column.Of("ROLES", "roles"), new("STATE", r => r["disabled"]?.GetValue<bool>() == true ? "disabled" : r["locked"]?.GetValue<bool>() == true ? "locked" : "active"),
                new("MFA", r => r["mfaEnabled"]?.GetValue<bool>() == true ? "on" : "off"), Column.Of("CREATED", "createdAt")]),
            Resource.Get("get", "Show a user.", ApiRoutes.User, username),
            create,
            update,
            Resource.Send("delete", "Delete a user.", ApiRoutes.UserDelete, username, u => $"Deleted user {u}."));
    }

    private static Command Roles()
    {
        var name = new Argument<string>("name") { Description = "The role name." };
        return new Command("role", "Roles and their grants (needs users:admin).").With(
            Resource.List("List roles.", ApiRoutes.Roles, [Column.Of("ROLE", "name"), Column.Of("PERMISSIONS", "permissions"), new("MFA", r => r["requireMfa"]?.GetValue<bool>() == true ? "required" : ""), new("BUILT-IN", r => r["builtIn"]?.GetValue<bool>() == true ? "yes" : "")]),
            Resource.Get("get", "Show a role.", ApiRoutes.Role, name),
            Resource.Apply("Create or replace a custom role from a JSON file ({permissions, requireMfa}).", ApiRoutes.RolePut, name, "Role"),
            Resource.Send("delete", "Delete a custom role.", ApiRoutes.RoleDelete, name, r => $"Deleted role {r}."));
    }

    private static Command ApiKeys()
    {
        var id = new Argument<string>("id") { Description = "The key id (16 hex digits)." };
        var name = new Option<string>("--name") { Description = "What the key is for.", Required = true };
        var permissions = new Option<string[]>("--permission") { Description = "A grant, e.g. workflows:start:deploy-*; repeatable.", Required = true };
        var expiresAt = new Option<string?>("--expires-at") { Description = "When it expires (ISO 8601; default one year)." };
        var create = new Command("create", "Create an API key; the key is shown this once.").With(name, permissions, expiresAt).Does(async (context, cancellationToken) =>
        {
            var body = new JsonObject
            {
                ["name"] = context.Parse.GetValue(name),
                ["permissions"] = new JsonArray((context.Parse.GetValue(permissions) ?? []).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
            };
            if (context.Parse.GetValue(expiresAt) is { } at)
            {
                body["expiresAt"] = at;
            }

            var response = await context.Api.SendAsync(ApiRoutes.ApiKeyCreate.HttpMethod, ApiRoutes.ApiKeyCreate.Path, body, cancellationToken);
            context.Printer.Document(response.Body, () =>
            {
                context.Printer.Out.WriteLine(Json.String(response.Body, "key"));
                context.Printer.Error.WriteLine($"API key {Json.String(response.Body, "id")} created; the key above is shown this once.");
            });
            return ExitCodes.Ok;
        });

        return new Command("api-key", "API keys for scripts and agents (needs users:admin).").With(
            Resource.List("List API keys (never the keys themselves).", ApiRoutes.ApiKeys, [
                Column.Of("ID", "id"), Column.Of("NAME", "name"), Column.Of("PERMISSIONS", "permissions"), Column.Of("CREATED BY", "createdBy"),
                Column.Of("EXPIRES", "expiresAt"), Column.Of("LAST USED", "lastUsedAt"), Column.Of("REVOKED", "revokedAt")]),
            create,
            Resource.Send("revoke", "Revoke an API key.", ApiRoutes.ApiKeyDelete, id, k => $"Revoked API key {k}."));
    }
}
