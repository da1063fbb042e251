using System.Text.RegularExpressions;

namespace Automation.Notifications;

/// <summary>The shape of channel and notification-template names: that of definition names.</summary>
public static partial class ChannelNames
{
    /// <summary>The names, as an ECMA-262 pattern (OpenAPI <c>pattern</c>).</summary>
    public const string Pattern = Body + "$";

    /// <summary>Why a name is refused.</summary>
    public const string Rule = "use 1–128 letters, digits, '.', '_' and '-', starting with a letter or digit";

    /// <summary>The longest name.</summary>
    public const int MaxLength = 128;

    private const string Body = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    /// <summary>Whether <paramref name="name"/> can be a channel name.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when it matches <see cref="Pattern"/>.</returns>
    public static bool IsValid(string? name) => name is not null && Name().IsMatch(name);

    /// <summary>Whether <paramref name="url"/> is an absolute http:// or https:// URL.</summary>
    /// <param name="url">The URL.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex(Body + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Name();
}
