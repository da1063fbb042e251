using System.Text.RegularExpressions;

namespace Automation.Api.Contracts;

/// <summary>
/// The shapes of usernames, role names and API key ids. They appear in URLs, tokens and the audit trail, so anything
/// else (empty, spaces, slashes, quotes, control characters, too long) is refused before a store is asked.
/// </summary>
public static partial class SecurityNames
{
    private const string UsernameBody = "^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}";
    private const string RoleNameBody = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private const string ApiKeyIdBody = "^[0-9a-f]{16}";

    /// <summary>Usernames, as an ECMA-262 pattern (OpenAPI <c>pattern</c>).</summary>
    public const string UsernamePattern = UsernameBody + "$";

    /// <summary>Role names, as an ECMA-262 pattern (OpenAPI <c>pattern</c>).</summary>
    public const string RoleNamePattern = RoleNameBody + "$";

    /// <summary>API key ids, as an ECMA-262 pattern (OpenAPI <c>pattern</c>).</summary>
    public const string ApiKeyIdPattern = ApiKeyIdBody + "$";

    /// <summary>The longest username or role name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The longest API key name.</summary>
    public const int MaxApiKeyNameLength = 128;

    /// <summary>Why a username is refused.</summary>
    public const string UsernameRule = "use 1–64 letters, digits, '.', '_', '@' and '-', starting with a letter or digit";

    /// <summary>Why a role name is refused.</summary>
    public const string RoleNameRule = "use 1–64 letters, digits, '.', '_' and '-', starting with a letter or digit";

    /// <summary>Why an API key id is refused.</summary>
    public const string ApiKeyIdRule = "use the 16 lower-case hexadecimal digits of the key's id (the key reads ak_<id>_...)";

    /// <summary>Whether <paramref name="name"/> can be a username.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when it matches <see cref="UsernamePattern"/>.</returns>
    public static bool IsUsername(string? name) => name is not null && Username().IsMatch(name);

    /// <summary>Whether <paramref name="name"/> can be a role name.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when it matches <see cref="RoleNamePattern"/>.</returns>
    public static bool IsRoleName(string? name) => name is not null && RoleName().IsMatch(name);

    /// <summary>Whether <paramref name="id"/> can be an API key id.</summary>
    /// <param name="id">The candidate.</param>
    /// <returns><see langword="true"/> when it matches <see cref="ApiKeyIdPattern"/>.</returns>
    public static bool IsApiKeyId(string? id) => id is not null && ApiKeyId().IsMatch(id);

    // \z, not $: in .NET "$" also matches before a final "\n".
    [GeneratedRegex(UsernameBody + @"\z")]
    private static partial Regex Username();

    [GeneratedRegex(RoleNameBody + @"\z")]
    private static partial Regex RoleName();

    [GeneratedRegex(ApiKeyIdBody + @"\z")]
    private static partial Regex ApiKeyId();
}
