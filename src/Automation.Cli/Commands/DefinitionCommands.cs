using System.CommandLine;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;
using Automation.Cli.Http;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary><c>definition apply|list|get|versions|diff|deprecate|undeprecate</c>.</summary>
internal static class DefinitionCommands
{
    /// <summary>The command.</summary>
    public static Command Build()
    {
        var name = new Argument<string>("name") { Description = "The definition name." };
        var version = new Option<int?>("--version", "-v") { Description = "A version number (default: the latest)." };

        var list = new Command("list", "List definitions with their latest version.").Does(async (context, cancellationToken) =>
        {
            var page = await context.Api.GetAsync(ApiRoutes.Definitions.Path, cancellationToken);
            context.Printer.List(page, [Column.Of("NAME", "name"), Column.Of("LATEST", "latestVersion"), Column.Of("UPDATED", "updatedAt"), Column.Of("DESCRIPTION", "description")]);
            return ExitCodes.Ok;
        });

        var get = new Command("get", "Show a definition version and its document.").With(name, version).Does(async (context, cancellationToken) =>
        {
            var definitionName = context.Parse.GetValue(name)!;
            var path = context.Parse.GetValue(version) is { } v
                ? ApiRoutes.DefinitionVersion.Format(definitionName, v.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : ApiRoutes.Definition.Format(definitionName);
            var definition = await context.Api.GetAsync(path, cancellationToken);
            context.Printer.Document(definition, () =>
            {
                context.Printer.Out.WriteLine($"{Json.String(definition, "name")} v{Json.Text(definition?["version"])}  registered {Json.Text(definition?["createdAt"])}");
                context.Printer.Out.WriteLine(definition?["definition"]?.ToJsonString(Json.Indented));
            });
            return ExitCodes.Ok;
        });

        var versions = new Command("versions", "List every version of a definition, with who registered it and its deprecation.").With(name).Does(async (context, cancellationToken) =>
        {
            var document = await context.Api.GetAsync(ApiRoutes.DefinitionVersions.Format(context.Parse.GetValue(name)!), cancellationToken);
            context.Printer.List(document, [
                Column.Of("VERSION", "version"), Column.Of("CREATED", "createdAt"), Column.Of("BY", "registeredBy"),
                new("DEPRECATED", row => row["deprecation"] is JsonObject d ? "yes" + (Json.String(d, "replacement") is { } r ? " → " + r : "") : ""),
                Column.Of("DESCRIPTION", "description")], "versions");
            return ExitCodes.Ok;
        });

        var from = new Argument<int>("from") { Description = "The older version." };
        var to = new Argument<int>("to") { Description = "The newer version." };
        var diff = new Command("diff", "What changed between two versions (a structural JSON diff, steps matched by id).").With(name, from, to).Does(async (context, cancellationToken) =>
        {
            var document = await context.Api.GetAsync(ApiRoutes.DefinitionDiff.Format(context.Parse.GetValue(name)!, context.Parse.GetValue(from).ToString(System.Globalization.CultureInfo.InvariantCulture), context.Parse.GetValue(to).ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
            context.Printer.Document(document);
            return ExitCodes.Ok;
        });

        var replacement = new Option<string?>("--replacement") { Description = "What to start instead: a definition name or a version number." };
        var reason = new Option<string?>("--reason") { Description = "Why, shown to whoever starts it." };
        var deprecate = new Command("deprecate", "Refuse new starts of a version (--version) or of the whole definition; running workflows go on.").With(name, version, replacement, reason).Does(async (context, cancellationToken) =>
        {
            var body = new JsonObject();
            if (context.Parse.GetValue(version) is { } v)
            {
                body["version"] = v;
            }

            if (context.Parse.GetValue(replacement) is { } r)
            {
                body["replacement"] = int.TryParse(r, out var number) ? number : r;
            }

            if (context.Parse.GetValue(reason) is { } why)
            {
                body["reason"] = why;
            }

            var response = await context.Api.SendAsync(ApiRoutes.DefinitionDeprecate.HttpMethod, ApiRoutes.DefinitionDeprecate.Format(context.Parse.GetValue(name)!), body, cancellationToken);
            context.Printer.Document(response.Body, () => context.Printer.Out.WriteLine($"Deprecated {context.Parse.GetValue(name)}{(context.Parse.GetValue(version) is { } n ? " version " + n : " (every version)")}."));
            return ExitCodes.Ok;
        });

        var undeprecate = new Command("undeprecate", "Lift the deprecation of a version (--version) or of the whole definition.").With(name, version).Does(async (context, cancellationToken) =>
        {
            var body = context.Parse.GetValue(version) is { } v ? new JsonObject { ["version"] = v } : new JsonObject();
            var response = await context.Api.SendAsync(ApiRoutes.DefinitionUndeprecate.HttpMethod, ApiRoutes.DefinitionUndeprecate.Format(context.Parse.GetValue(name)!), body, cancellationToken);
            context.Printer.Document(response.Body, () => context.Printer.Out.WriteLine($"{context.Parse.GetValue(name)} may be started again."));
            return ExitCodes.Ok;
        });

        return new Command("definition", "Workflow definitions: apply from files, list, inspect, deprecate.")
            .With(DefinitionApply.Build(), list, get, versions, diff, deprecate, undeprecate);
    }
}
