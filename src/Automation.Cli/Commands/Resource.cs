using System.CommandLine;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;
using Automation.Cli.Http;
using Automation.Cli.Input;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary>Builders for the commands every resource has: list, get, apply from a file, delete and simple actions.</summary>
internal static class Resource
{
    /// <summary>A list command with optional query filters.</summary>
    /// <param name="description">What it lists.</param>
    /// <param name="route">The list route.</param>
    /// <param name="columns">The table columns.</param>
    /// <param name="itemsProperty">The property that holds the rows.</param>
    /// <param name="filters">Options and the query parameter each sets.</param>
    public static Command List(string description, ApiRoute route, Column[] columns, string itemsProperty = "items", params (Option<string?> Option, string Query)[] filters) =>
        new Command("list", description).With(filters.Select(f => (Symbol)f.Option).ToArray()).Does(async (context, cancellationToken) =>
        {
            var query = filters.Select(f => new KeyValuePair<string, string?>(f.Query, context.Parse.GetValue(f.Option)));
            var document = await context.Api.GetAsync(ApiPath.WithQuery(route.Path, query), cancellationToken);
            context.Printer.List(document, columns, itemsProperty);
            return ExitCodes.Ok;
        });

    /// <summary>A command that GETs one thing by name and shows it.</summary>
    /// <param name="name">The command name.</param>
    /// <param name="description">What it shows.</param>
    /// <param name="route">The route with one placeholder.</param>
    /// <param name="id">The argument naming the thing.</param>
    /// <param name="human">How to show it to people; by default a key/value block.</param>
    public static Command Get(string name, string description, ApiRoute route, Argument<string> id, Action<Printer, JsonNode?>? human = null) =>
        new Command(name, description).With(id).Does(async (context, cancellationToken) =>
        {
            var document = await context.Api.GetAsync(route.Format(context.Parse.GetValue(id)!), cancellationToken);
            context.Printer.Document(document, human is null ? null : () => human(context.Printer, document));
            return ExitCodes.Ok;
        });

    /// <summary>A command that PUTs a JSON file as the thing (create or replace).</summary>
    /// <param name="description">What it does.</param>
    /// <param name="route">The PUT route with one placeholder.</param>
    /// <param name="id">The argument naming the thing.</param>
    /// <param name="noun">The noun for messages.</param>
    public static Command Apply(string description, ApiRoute route, Argument<string> id, string noun)
    {
        var file = new Option<string>("--file", "-f") { Description = "The JSON document, or '-' for standard input.", Required = true };
        return new Command("apply", description).With(id, file).Does(async (context, cancellationToken) =>
        {
            var document = JsonInput.ReadFile(context.Parse.GetValue(file)!);
            var response = await context.Api.SendAsync(route.HttpMethod, route.Format(context.Parse.GetValue(id)!), document, cancellationToken);
            context.Printer.Document(response.Body, () => context.Printer.Out.WriteLine(
                $"{noun} {context.Parse.GetValue(id)} {(response.Status == System.Net.HttpStatusCode.Created ? "created" : "updated")}."));
            return ExitCodes.Ok;
        });
    }

    /// <summary>A command that sends a body-less (or small-body) request about one thing.</summary>
    /// <param name="name">The command name.</param>
    /// <param name="description">What it does.</param>
    /// <param name="route">The route with one placeholder.</param>
    /// <param name="id">The argument naming the thing.</param>
    /// <param name="done">The message for people, given the thing's name.</param>
    /// <param name="body">Builds the body from the parse result; null for none.</param>
    /// <param name="extra">More options the body reads.</param>
    public static Command Send(string name, string description, ApiRoute route, Argument<string> id, Func<string, string> done, Func<ParseResult, JsonNode?>? body = null, params Option[] extra) =>
        new Command(name, description).With(id).With(extra).Does(async (context, cancellationToken) =>
        {
            var target = context.Parse.GetValue(id)!;
            var response = await context.Api.SendAsync(route.HttpMethod, route.Format(target), body?.Invoke(context.Parse), cancellationToken);
            if (response.Body is null)
            {
                context.Printer.Messages.WriteLine(done(target));
            }
            else
            {
                context.Printer.Document(response.Body, () => context.Printer.Out.WriteLine(done(target)));
            }

            return ExitCodes.Ok;
        });

    /// <summary>A body with an optional comment.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="comment">The comment option.</param>
    public static JsonObject Comment(ParseResult parse, Option<string?> comment) =>
        parse.GetValue(comment) is { } text ? new JsonObject { ["comment"] = text } : new JsonObject();
}
