using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Automation.Cli.Output;

/// <summary>Small helpers to read the API's JSON for display.</summary>
internal static class Json
{
    /// <summary>Indented, with non-ASCII text kept readable.</summary>
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The node at a dotted path, or null.</summary>
    /// <param name="node">Where to start.</param>
    /// <param name="path">Property names separated by dots.</param>
    public static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node;
    }

    /// <summary>A node as one short line: strings bare, timestamps compact, arrays joined, objects as JSON.</summary>
    /// <param name="node">The node.</param>
    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Timestamp(v.GetValue<string>()),
        JsonValue v => v.ToJsonString(),
        JsonArray a when a.All(x => x is JsonValue) => string.Join(",", a.Select(Text)),
        _ => node.ToJsonString(),
    };

    /// <summary>An ISO timestamp shortened to seconds in UTC; other text unchanged.</summary>
    /// <param name="text">The text.</param>
    public static string Timestamp(string text) =>
        text.Length >= 20 && text[4] == '-' && text[10] == 'T'
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : text;

    /// <summary>A string property, or null.</summary>
    /// <param name="node">The object.</param>
    /// <param name="name">The property.</param>
    public static string? String(JsonNode? node, string name) =>
        node is JsonObject o && o.TryGetPropertyValue(name, out var v) && v is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    /// <summary>Converts a node to plain objects (dictionaries, lists, strings, numbers, booleans) for YAML.</summary>
    /// <param name="node">The node.</param>
    public static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when v.TryGetValue<long>(out var l) => l,
            JsonValueKind.Number => v.GetValue<decimal>(),
            _ => null,
        },
        _ => node.ToJsonString(),
    };
}
