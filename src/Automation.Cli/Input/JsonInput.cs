using System.Text.Json;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;

namespace Automation.Cli.Input;

/// <summary>
/// Reads JSON the user gives: files (or <c>-</c> for standard input) and <c>key=value</c> pairs. A malformed document
/// is a usage error naming the file, line and column, raised before anything is sent.
/// </summary>
internal static class JsonInput
{
    /// <summary>Reads and parses a file, or standard input for <c>-</c>.</summary>
    /// <param name="path">The file path or <c>-</c>.</param>
    public static JsonNode? ReadFile(string path)
    {
        string text;
        string name;
        if (path == "-")
        {
            name = "<stdin>";
            text = Console.In.ReadToEnd();
        }
        else
        {
            name = path;
            if (!File.Exists(path))
            {
                throw CliException.Usage(Directory.Exists(path) ? $"{path} is a folder, not a JSON file." : $"{path}: no such file.");
            }

            text = File.ReadAllText(path);
        }

        return Parse(text, name);
    }

    /// <summary>Parses a document, naming <paramref name="source"/> in the error.</summary>
    /// <param name="text">The JSON text.</param>
    /// <param name="source">The file name (or <c>&lt;stdin&gt;</c>, or the flag) for the message.</param>
    public static JsonNode? Parse(string text, string source)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw CliException.Usage($"{source}: is empty; expected a JSON document.");
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                reason = reason[..cut].TrimEnd('.', ' ') + ".";
            }

            throw CliException.Usage($"{source}:{line}:{column}: not valid JSON: {reason}");
        }
    }

    /// <summary>
    /// <c>key=value</c> pairs as an object: a value that is valid JSON (number, true, an object…) is taken as JSON,
    /// anything else as a string; dotted keys nest (<c>order.id=7</c>).
    /// </summary>
    /// <param name="pairs">The pairs.</param>
    /// <param name="flag">The flag they came from, for messages.</param>
    /// <param name="into">An object to add to, e.g. the input read from a file.</param>
    public static JsonObject KeyValues(IEnumerable<string> pairs, string flag, JsonObject? into = null)
    {
        var result = into ?? new JsonObject();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw CliException.Usage($"{flag} '{pair}': expected key=value, e.g. {flag} name=Ada or {flag} count=3.");
            }

            var keys = pair[..equals].Split('.');
            if (keys.Any(string.IsNullOrWhiteSpace))
            {
                throw CliException.Usage($"{flag} '{pair}': the key has an empty part.");
            }

            var target = result;
            foreach (var key in keys[..^1])
            {
                if (target[key] is not JsonObject child)
                {
                    child = new JsonObject();
                    target[key] = child;
                }

                target = child;
            }

            target[keys[^1]] = Value(pair[(equals + 1)..]);
        }

        return result;
    }

    private static JsonNode? Value(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
