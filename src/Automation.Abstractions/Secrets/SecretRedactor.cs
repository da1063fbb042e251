using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Automation.Secrets;

/// <summary>
/// Replaces secret values with <c>***</c> in text and JSON. A value is recognised in its own spelling and in the
/// spellings a server most often echoes it back in: each character as is, percent-encoded (either case, <c>+</c> for a
/// space) or JSON-escaped, in any mix, as a URL parser or a JSON writer leaves it. A server that transforms the value in
/// another way (base64, hashing, a different case) is not recognised.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a secret value is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>Values longer than this are recognised in their exact and fully escaped spellings only (the flexible pattern would be too large).</summary>
    private const int MaxFlexibleLength = 4096;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Regex? _pattern;

    /// <summary>Creates a redactor for some values.</summary>
    /// <param name="values">The secret values; empty strings are ignored.</param>
    public SecretRedactor(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var alternatives = new List<string>();
        foreach (var value in values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length))
        {
            if (value.Length <= MaxFlexibleLength)
            {
                alternatives.Add(Flexible(value));
                continue;
            }

            // Longest first, so that a value containing another is masked whole.
            alternatives.AddRange(new[]
                {
                    value, JavaScriptEncoder.Default.Encode(value), JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(value),
                    Uri.EscapeDataString(value), System.Net.WebUtility.UrlEncode(value),
                }
                .Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length).Select(Regex.Escape));
        }

        _pattern = alternatives.Count == 0
            ? null
            : new Regex(string.Join('|', alternatives), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(5));
    }

    /// <summary>Whether there is nothing to redact.</summary>
    public bool IsEmpty => _pattern is null;

    /// <summary>Masks every secret value in a string.</summary>
    /// <param name="text">The string.</param>
    /// <returns>The string with <see cref="Mask"/> in place of each value.</returns>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _pattern is null ? text : _pattern.Replace(text, Mask);
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

    /// <summary>A pattern matching the value with each character literal, percent-encoded or JSON-escaped.</summary>
    private static string Flexible(string value)
    {
        var pattern = new StringBuilder();
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var text = rune.ToString();
            var forms = new List<string> { Regex.Escape(text) };
            var length = rune.EncodeToUtf8(utf8);
            forms.Add(string.Concat(utf8[..length].ToArray().Select(b => "%" + Hex(b))));
            forms.Add(string.Concat(text.Select(c => @"\\u" + Hex((byte)(c >> 8)) + Hex((byte)c))));
            switch (rune.Value)
            {
                case ' ':
                    forms.Add(@"\+");
                    break;
                case '"' or '\\' or '/':
                    forms.Add(@"\\" + Regex.Escape(text));
                    break;
                case '\n':
                    forms.Add(@"\\n");
                    break;
                case '\r':
                    forms.Add(@"\\r");
                    break;
                case '\t':
                    forms.Add(@"\\t");
                    break;
            }

            pattern.Append("(?:").AppendJoin('|', forms).Append(')');
        }

        return pattern.ToString();
    }

    /// <summary>Two hex digits matching either case.</summary>
    private static string Hex(byte b) =>
        string.Concat(b.ToString("X2", CultureInfo.InvariantCulture).Select(d => char.IsAsciiLetter(d) ? $"[{d}{char.ToLowerInvariant(d)}]" : d.ToString()));
}
