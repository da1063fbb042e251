using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Automation.Secrets;

/// <summary>
/// The stand-in a template writes for <c>{{ secrets.NAME }}</c>: <c>${secret:NAME}</c>. Workflow state, history and
/// step requests only ever hold this placeholder; the task that sends an http request swaps it for the value just
/// before sending. The engine refuses step arguments holding a placeholder its template did not write (one that came
/// from workflow data), so data can never direct a secret somewhere the definition did not put it.
/// </summary>
public static partial class SecretPlaceholders
{
    private const string Prefix = "${secret:";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The placeholder of one secret.</summary>
    /// <param name="name">A valid secret name.</param>
    /// <returns><c>${secret:NAME}</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid secret name.</exception>
    public static string Format(string name)
    {
        if (!SecretNames.IsValid(name))
        {
            throw new ArgumentException($"Not a valid secret name: {SecretNames.Rule}.", nameof(name));
        }

        return Prefix + name + "}";
    }

    /// <summary>Counts the placeholders in every string value of a JSON value (property names are not counted: they are never resolved).</summary>
    /// <param name="value">The JSON value.</param>
    /// <returns>The number of placeholders per secret name; empty when there are none.</returns>
    public static IReadOnlyDictionary<string, int> Count(JsonElement value)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        Walk(value, text =>
        {
            foreach (Match match in Placeholder().Matches(text))
            {
                var name = match.Groups[1].Value;
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        });
        return counts;
    }

    /// <summary>Whether a string holds at least one placeholder.</summary>
    /// <param name="text">The string.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public static bool Contains(string text) => text.Contains(Prefix, StringComparison.Ordinal) && Placeholder().IsMatch(text);

    /// <summary>Replaces every placeholder in a string.</summary>
    /// <param name="text">The string.</param>
    /// <param name="values">The value of each secret named by a placeholder.</param>
    /// <returns>The string with the values in place of their placeholders.</returns>
    /// <exception cref="KeyNotFoundException">A placeholder names a secret missing from <paramref name="values"/>.</exception>
    public static string Replace(string text, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Contains(text) ? Placeholder().Replace(text, m => values[m.Groups[1].Value]) : text;
    }

    /// <summary>Replaces every placeholder in the string values of a JSON value; property names are kept as they are.</summary>
    /// <param name="value">The JSON value.</param>
    /// <param name="values">The value of each secret named by a placeholder.</param>
    /// <returns>The JSON value with the secrets' values in place.</returns>
    /// <exception cref="KeyNotFoundException">A placeholder names a secret missing from <paramref name="values"/>.</exception>
    public static JsonElement Replace(JsonElement value, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return value;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Rewrite(value, writer, text => Replace(text, values), names: false);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Writes <paramref name="value"/> with every string value (and, when <paramref name="names"/> is set, property name) mapped.</summary>
    /// <param name="value">The JSON value.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="map">Maps one string.</param>
    /// <param name="names">Whether property names are mapped too.</param>
    internal static void Rewrite(JsonElement value, Utf8JsonWriter writer, Func<string, string> map, bool names)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(names ? map(property.Name) : property.Name);
                    Rewrite(property.Value, writer, map, names);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Rewrite(item, writer, map, names);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(map(value.GetString()!));
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static void Walk(JsonElement value, Action<string> visit)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    Walk(property.Value, visit);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    Walk(item, visit);
                }

                break;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Contains(Prefix, StringComparison.Ordinal))
                {
                    visit(text);
                }

                break;
        }
    }

    [GeneratedRegex(@"\$\{secret:(" + SecretNames.NameExpression + @")\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
