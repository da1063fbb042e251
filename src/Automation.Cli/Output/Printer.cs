using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Automation.Cli.Output;

/// <summary>
/// Writes results: JSON or YAML documents for scripts (exactly what the server answered), or tables, key/value
/// blocks and trees for people. Messages for people (progress, hints) go to standard error in JSON and YAML modes so
/// that standard output stays one parseable document.
/// </summary>
internal sealed class Printer(OutputFormat format, Terminal terminal, TextWriter output, TextWriter error)
{
    private static readonly ISerializer Yaml = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    /// <summary>The chosen format.</summary>
    public OutputFormat Format { get; } = format;

    /// <summary>Colours.</summary>
    public Terminal Terminal { get; } = terminal;

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Whether the output is for people.</summary>
    public bool ForPeople => Format == OutputFormat.Table;

    /// <summary>Where messages for people go: standard output for tables, standard error otherwise.</summary>
    public TextWriter Messages => ForPeople ? Out : Error;

    /// <summary>Writes a document as JSON or YAML; for people, calls <paramref name="human"/> instead.</summary>
    /// <param name="document">The document.</param>
    /// <param name="human">How to show it to people; by default a key/value block.</param>
    public void Document(JsonNode? document, Action? human = null)
    {
        switch (Format)
        {
            case OutputFormat.Json:
                Out.WriteLine(document?.ToJsonString(Json.Indented) ?? "null");
                break;
            case OutputFormat.Yaml:
                Out.Write(Yaml.Serialize(Json.ToPlain(document) ?? new Dictionary<string, object?>()));
                break;
            default:
                if (human is not null)
                {
                    human();
                }
                else
                {
                    Properties(document);
                }

                break;
        }
    }

    /// <summary>A list answer (<c>{items, nextCursor}</c> or an array) as a table for people.</summary>
    /// <param name="document">The answer.</param>
    /// <param name="columns">The columns.</param>
    /// <param name="itemsProperty">The property that holds the rows.</param>
    public void List(JsonNode? document, IReadOnlyList<Column> columns, string itemsProperty = "items") =>
        Document(document, () =>
        {
            var rows = (document as JsonArray ?? document?[itemsProperty] as JsonArray)?.OfType<JsonNode>().ToList() ?? [];
            Table(rows, columns);
            if (Json.String(document, "nextCursor") is { } cursor)
            {
                Error.WriteLine($"More results: repeat with --cursor {cursor}.");
            }
        });

    /// <summary>Rows as an aligned table.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="columns">The columns.</param>
    public void Table(IReadOnlyList<JsonNode> rows, IReadOnlyList<Column> columns)
    {
        if (rows.Count == 0)
        {
            Out.WriteLine("(none)");
            return;
        }

        var cells = rows.Select(row => columns.Select(c => c.IsStatus ? Terminal.Status(c.Cell(row)) : c.Cell(row) ?? "").ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Header.Length, cells.Max(r => Terminal.VisibleLength(r[i])))).ToArray();
        Out.WriteLine(string.Join("  ", columns.Select((c, i) => Pad(c.Header, widths[i], i == columns.Count - 1))).TrimEnd());
        foreach (var row in cells)
        {
            Out.WriteLine(string.Join("  ", row.Select((cell, i) => Pad(cell, widths[i], i == columns.Count - 1))).TrimEnd());
        }
    }

    /// <summary>An object as <c>key: value</c> lines (nested objects indented; long arrays summarised).</summary>
    /// <param name="document">The object.</param>
    /// <param name="indent">The indentation.</param>
    public void Properties(JsonNode? document, string indent = "")
    {
        if (document is not JsonObject obj)
        {
            Out.WriteLine(indent + Json.Text(document));
            return;
        }

        var width = obj.Count == 0 ? 0 : obj.Max(p => p.Key.Length) + 1;
        foreach (var (key, value) in obj)
        {
            var label = indent + (key + ":").PadRight(width);
            switch (value)
            {
                case JsonObject nested when nested.Count > 0:
                    Out.WriteLine(label);
                    Properties(nested, indent + "  ");
                    break;
                case JsonArray array when array.Any(x => x is JsonObject):
                    Out.WriteLine($"{label} ({array.Count})");
                    foreach (var item in array)
                    {
                        Out.WriteLine(indent + "  - " + Json.Text(item));
                    }

                    break;
                default:
                    Out.WriteLine($"{label} {(key is "status" or "health" or "severity" ? Terminal.Status(Json.Text(value)) : Json.Text(value))}");
                    break;
            }
        }
    }

    private static string Pad(string text, int width, bool last) =>
        last ? text : text + new string(' ', Math.Max(0, width - Terminal.VisibleLength(text)));
}
