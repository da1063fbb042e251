using System.Buffers;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Automation.Secrets;

/// <summary>
/// Replaces secret values with <c>***</c> in text and JSON: in the value's own spelling and in the spellings a server
/// most often echoes it back in (JSON-escaped, URL-encoded). A server that transforms the value in another way (for
/// example base64) is not recognised.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a secret value is replaced with.</summary>
    public const string Mask = "***";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string[] _forms;

    /// <summary>Creates a redactor for some values.</summary>
    /// <param name="values">The secret values; empty strings are ignored.</param>
    public SecretRedactor(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values.Where(v => v.Length > 0))
        {
            forms.Add(value);
            forms.Add(JavaScriptEncoder.Default.Encode(value));
            forms.Add(JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(value));
            forms.Add(Uri.EscapeDataString(value));
            forms.Add(WebUtility.UrlEncode(value));
        }

        // Longest first, so that a value containing another is masked whole.
        _forms = [.. forms.Where(f => f.Length > 0).OrderByDescending(f => f.Length).ThenBy(f => f, StringComparer.Ordinal)];
    }

    /// <summary>Whether there is nothing to redact.</summary>
    public bool IsEmpty => _forms.Length == 0;

    /// <summary>Masks every secret value in a string.</summary>
    /// <param name="text">The string.</param>
    /// <returns>The string with <see cref="Mask"/> in place of each value.</returns>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var form in _forms)
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                text = text.Replace(form, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>Masks every secret value in the strings and property names of a JSON value.</summary>
    /// <param name="value">The JSON value.</param>
    /// <returns>The redacted copy (the same value when there is nothing to redact).</returns>
    public JsonElement Redact(JsonElement value)
    {
        if (IsEmpty || value.ValueKind == JsonValueKind.Undefined)
        {
            return value;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            SecretPlaceholders.Rewrite(value, writer, Redact, names: true);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
