using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;
using Automation.Cli.Http;
using Automation.Cli.Input;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary>
/// <c>definition apply -f file.json|dir/</c>: registers each document as a new version only when it differs from the
/// latest (the server compares as JSON and stores nothing for an identical document), printing the diff first. Every
/// file is read and checked before anything is sent.
/// </summary>
internal static class DefinitionApply
{
    /// <summary>The command.</summary>
    public static Command Build()
    {
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "A definition document (.json; named by its \"name\" or else its file name), or a folder of them; repeatable. '-' reads one from standard input.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change; register nothing." };
        return new Command("apply", "Register definitions from files: a new version only where the document changed (prints a diff).")
            .With(files, dryRun)
            .Does(async (context, cancellationToken) =>
            {
                var documents = Read(context.Parse.GetValue(files) ?? []);
                var results = new JsonArray();
                var changed = 0;
                foreach (var (source, name, document) in documents)
                {
                    var result = await ApplyAsync(context, source, name, document, context.Parse.GetValue(dryRun), cancellationToken);
                    changed += Json.String(result, "result") is "created" or "would-create" ? 1 : 0;
                    results.Add(result);
                }

                context.Printer.Document(new JsonObject { ["items"] = results }, () =>
                    context.Printer.Out.WriteLine($"{documents.Count} definition(s): {changed} {(context.Parse.GetValue(dryRun) ? "would change" : "changed")}, {documents.Count - changed} unchanged."));
                return ExitCodes.Ok;
            });
    }

    private static List<(string Source, string Name, JsonObject Document)> Read(IReadOnlyList<string> paths)
    {
        var sources = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var inFolder = Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal).ToList();
                if (inFolder.Count == 0)
                {
                    throw CliException.Usage($"{path}: no .json files in this folder.");
                }

                sources.AddRange(inFolder);
            }
            else
            {
                sources.Add(path);
            }
        }

        var documents = new List<(string, string, JsonObject)>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            if (JsonInput.ReadFile(source) is not JsonObject document)
            {
                throw CliException.Usage($"{source}: a definition is a JSON object.");
            }

            // The name is the document's "name" when it has one, else the file name without .json (docs/examples/hello.json → hello).
            var name = Json.String(document, "name") ?? (source == "-" ? null : Path.GetFileNameWithoutExtension(source));
            if (string.IsNullOrEmpty(name))
            {
                throw CliException.Usage($"{source}: the definition read from standard input needs a \"name\".");
            }

            if (names.TryGetValue(name, out var other))
            {
                throw CliException.Usage($"{source}: defines '{name}', which {other} defines too.");
            }

            names[name] = source;
            documents.Add((source, name, document));
        }

        return documents;
    }

    private static async Task<JsonObject> ApplyAsync(CommandContext context, string source, string name, JsonObject document, bool dryRun, CancellationToken cancellationToken)
    {
        var printer = context.Printer;
        JsonNode? latest = null;
        try
        {
            latest = await context.Api.GetAsync(ApiRoutes.Definition.Format(name), cancellationToken);
        }
        catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
        {
        }

        var current = latest?["definition"];
        var identical = current is not null && JsonNode.DeepEquals(current, document);
        if (!identical)
        {
            printer.Messages.WriteLine(current is null ? $"{name} ({source}): new definition" : $"{name} ({source}): changes from version {Json.Text(latest?["version"])}");
            if (current is not null)
            {
                TextDiff.Write(printer, current.ToJsonString(Json.Indented), document.ToJsonString(Json.Indented));
            }
        }

        if (dryRun)
        {
            if (identical)
            {
                printer.Messages.WriteLine($"{name} ({source}): unchanged (version {Json.Text(latest?["version"])})");
            }

            return Result(name, source, identical ? "unchanged" : "would-create", identical ? latest?["version"]?.GetValue<int>() : null);
        }

        var response = await context.Api.SendAsync(ApiRoutes.DefinitionPut.HttpMethod, ApiRoutes.DefinitionPut.Format(name), document.DeepClone(), cancellationToken);
        var version = response.Body?["version"]?.GetValue<int>();
        var created = response.Status == HttpStatusCode.Created;
        printer.Messages.WriteLine(created
            ? printer.Terminal.Paint("32", $"{name}: registered version {version}")
            : $"{name} ({source}): unchanged (version {version})");
        return Result(name, source, created ? "created" : "unchanged", version);
    }

    private static JsonObject Result(string name, string source, string result, int? version) =>
        new() { ["name"] = name, ["file"] = source, ["result"] = result, ["version"] = version };
}
