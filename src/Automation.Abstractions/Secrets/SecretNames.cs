using System.Text;
using System.Text.RegularExpressions;

namespace Automation.Secrets;

/// <summary>
/// The shape of secret names and the limit on secret values. A name is a template identifier
/// (<c>{{ secrets.NAME }}</c>), a route segment and a primary key, so it is kept to a plain ASCII word: nothing that
/// could traverse a path, break out of a placeholder or need quoting.
/// </summary>
public static partial class SecretNames
{
    /// <summary>The longest secret name, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>The largest secret value: 32 KiB of UTF-8, well above a PEM certificate chain.</summary>
    public const int MaxValueBytes = 32 * 1024;

    // No trailing '-': in a template "secrets.name-}}" is "secrets.name" followed by whitespace control.
    private const string NameBody = "[A-Za-z](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9_])?";

    /// <summary>Secret names, as an ECMA-262 pattern (OpenAPI <c>pattern</c>).</summary>
    public const string Pattern = "^" + NameBody + "$";

    /// <summary>Why a secret name is refused.</summary>
    public const string Rule = "use 1–64 letters, digits, '_' and '-', starting with a letter and not ending with '-'";

    /// <summary>Whether <paramref name="name"/> can be a secret name.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when it matches <see cref="Pattern"/>.</returns>
    public static bool IsValid(string? name) => name is not null && Name().IsMatch(name);

    /// <summary>Why <paramref name="value"/> cannot be a secret value, or <see langword="null"/> when it can.</summary>
    /// <param name="value">The candidate value; it is never part of the answer.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public static string? ValueProblem(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "Must be a non-empty string.";
        }

        var bytes = Encoding.UTF8.GetByteCount(value);
        return bytes > MaxValueBytes
            ? $"The value is {bytes} bytes of UTF-8; the limit is {MaxValueBytes} bytes."
            : null;
    }

    /// <summary>The regular expression of a name, for use inside larger patterns.</summary>
    internal const string NameExpression = NameBody;

    // \z, not $: in .NET "$" also matches before a final "\n", which would let "name\n" through.
    [GeneratedRegex("^" + NameBody + @"\z")]
    private static partial Regex Name();
}
