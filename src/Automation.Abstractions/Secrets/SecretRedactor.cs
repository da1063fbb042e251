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
    private const int MaxFlexibleLength = 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Regex? _pattern;
    private readonly string[] _exactForms;

    /// <summary>Creates a redactor for some values.</summary>
    /// <param name="values">The secret values; empty strings are ignored.</param>
    public SecretRedactor(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var distinct = values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length).ToList();

        // Longest first, so that a value containing another is masked whole.
        _exactForms = [.. distinct
            .SelectMany(v => new[]
            {
                v, JavaScriptEncoder.Default.Encode(v), JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(v),
                Uri.EscapeDataString(v), System.Net.WebUtility.UrlEncode(v),
            })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(f => f.Length)];
        var alternatives = _exactForms.Select(Regex.Escape).Concat(distinct.Where(v => v.Length <= MaxFlexibleLength).Select(Flexible)).ToList();
        _pattern = alternatives.Count == 0
            ? null
            : new Regex(string.Join('|', alternatives), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(2));
    }

    /// <summary>Whether there is nothing to redact.</summary>
    public bool IsEmpty => _pattern is null;

    /// <summary>Masks every secret value in a string.</summary>
    /// <param name="text">The string.</param>
    /// <returns>The string with <see cref="Mask"/> in place of each value.</returns>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_pattern is null)
        {
            return text;
        }

        try
        {
            return _pattern.Replace(text, Mask);
        }
        catch (RegexMatchTimeoutException)
        {
            // An input built to make the flexible pattern slow: mask the exact spellings, which needs no pattern.
            foreach (var form in _exactForms)
            {
                text = text.Replace(form, Mask, StringComparison.Ordinal);
            }

            return text;
        }
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

    /// <summary>
    /// A pattern matching the value with each character literal, percent-encoded or JSON-escaped. Each character is an
    /// atomic group with its longer spellings first: matching never backtracks into a character, so a hostile response
    /// cannot make it exponential (the exact spellings are separate alternatives, for values an encoded form would shadow).
    /// </summary>
    private static string Flexible(string value)
    {
        var pattern = new StringBuilder();
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var text = rune.ToString();
            var length = rune.EncodeToUtf8(utf8);
            var forms = new List<string>
            {
                string.Concat(text.Select(c => @"\\u" + Hex((byte)(c >> 8)) + Hex((byte)c))),
                string.Concat(utf8[..length].ToArray().Select(b => "%" + Hex(b))),
            };
            switch (rune.Value)
            {
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

            forms.Add(Regex.Escape(text));
            if (rune.Value == ' ')
            {
                forms.Add(@"\+");
            }

            pattern.Append("(?>").AppendJoin('|', forms).Append(')');
        }

        return pattern.ToString();
    }

    /// <summary>Two hex digits matching either case.</summary>
    private static string Hex(byte b) =>
        string.Concat(b.ToString("X2", CultureInfo.InvariantCulture).Select(d => char.IsAsciiLetter(d) ? $"[{d}{char.ToLowerInvariant(d)}]" : d.ToString()));
}
