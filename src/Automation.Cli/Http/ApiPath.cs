using System.Globalization;
using System.Text;

namespace Automation.Cli.Http;

/// <summary>Builds API paths with escaped segments and query strings.</summary>
internal static class ApiPath
{
    /// <summary>Escapes one path segment (a name or id the user typed).</summary>
    /// <param name="value">The raw value.</param>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>Appends the non-null parameters as a query string; repeated names for lists.</summary>
    /// <param name="path">The path.</param>
    /// <param name="parameters">Name and value pairs; null or empty values are left out.</param>
    public static string WithQuery(string path, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return path + query;
    }

    /// <summary>A query parameter from an optional number.</summary>
    /// <param name="value">The number.</param>
    public static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
