using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Automation.Api.Security;

/// <summary>
/// One grant: <c>*</c>, <c>area:*</c>, <c>area:action</c> or <c>area:action:pattern</c>, where the pattern is a
/// resource name (definition name) with <c>*</c> wildcards.
/// </summary>
public sealed partial record PermissionGrant
{
    private PermissionGrant(string text, string area, string action, string? pattern)
    {
        Text = text;
        Area = area;
        Action = action;
        Pattern = pattern;
        _matcher = pattern is null ? null : new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
    }

    private readonly Regex? _matcher;

    /// <summary>The grant as written.</summary>
    public string Text { get; }

    /// <summary>The area (<c>workflows</c>), or <c>*</c>.</summary>
    public string Area { get; }

    /// <summary>The action (<c>start</c>), or <c>*</c>.</summary>
    public string Action { get; }

    /// <summary>The resource pattern, or <see langword="null"/> for every resource.</summary>
    public string? Pattern { get; }

    /// <summary>Why a grant is refused.</summary>
    public const string Rule = "use '*', 'area:*', 'area:action' or 'area:action:pattern' with a known permission and a pattern of letters, digits, '.', '_', '-' and '*'";

    /// <summary>Parses a grant.</summary>
    /// <param name="text">The grant.</param>
    /// <param name="grant">The parsed grant.</param>
    /// <returns><see langword="false"/> when it is malformed or names an unknown permission.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PermissionGrant? grant)
    {
        // Every request checks its caller's grants; parse each distinct grant (and build its matcher) once.
        if (text is not null && Parsed.TryGetValue(text, out grant))
        {
            return grant is not null;
        }

        var valid = Parse(text, out grant);
        if (text is not null && Parsed.Count < MaxParsed)
        {
            Parsed.TryAdd(text, grant);
        }

        return valid;
    }

    // Grants come from roles and API keys, so there are few distinct ones; the cap only bounds a misuse.
    private const int MaxParsed = 10_000;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PermissionGrant?> Parsed = new(StringComparer.Ordinal);

    private static bool Parse(string? text, [NotNullWhen(true)] out PermissionGrant? grant)
    {
        grant = null;
        if (text is null || text.Length > 200)
        {
            return false;
        }

        if (text == "*")
        {
            grant = new PermissionGrant(text, "*", "*", null);
            return true;
        }

        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3)
        {
            return false;
        }

        var (area, action) = (parts[0], parts[1]);
        var known = action == "*"
            ? Permissions.All.Keys.Any(p => p.StartsWith(area + ":", StringComparison.Ordinal))
            : Permissions.All.ContainsKey(area + ":" + action);
        if (!known || (parts.Length == 3 && (action == "*" || !PatternShape().IsMatch(parts[2]))))
        {
            return false;
        }

        grant = new PermissionGrant(text, area, action, parts.Length == 3 ? parts[2] : null);
        return true;
    }

    /// <summary>Whether this grant allows <paramref name="permission"/> on at least one resource.</summary>
    /// <param name="permission">A permission from <see cref="Permissions"/>.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool CoversSome(string permission) => CoversPermission(permission);

    /// <summary>Whether this grant allows <paramref name="permission"/> on the resource named <paramref name="resource"/>.</summary>
    /// <param name="permission">A permission from <see cref="Permissions"/>.</param>
    /// <param name="resource">The resource name (a definition name).</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool Covers(string permission, string resource) =>
        CoversPermission(permission) && (_matcher is null || _matcher.IsMatch(resource));

    /// <summary>Whether this grant allows <paramref name="permission"/> on every resource.</summary>
    /// <param name="permission">A permission from <see cref="Permissions"/>.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool CoversAll(string permission) => CoversPermission(permission) && _matcher is null;

    /// <summary>Whether this grant is at most as wide as some grant in <paramref name="held"/> (no privilege escalation).</summary>
    /// <param name="held">What the granter holds.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public bool IsWithin(IEnumerable<PermissionGrant> held)
    {
        var permissions = Permissions.All.Keys.Where(CoversPermission);
        return permissions.All(p => held.Any(h => h.CoversAll(p) || (Pattern is not null && h.Pattern == Pattern && h.CoversPermission(p))));
    }

    private bool CoversPermission(string permission)
    {
        if (Area == "*")
        {
            return true;
        }

        var colon = permission.IndexOf(':', StringComparison.Ordinal);
        return permission.AsSpan(0, colon).SequenceEqual(Area) && (Action == "*" || permission.AsSpan(colon + 1).SequenceEqual(Action));
    }

    [GeneratedRegex(@"^[A-Za-z0-9._*-]{1,128}\z")]
    private static partial Regex PatternShape();
}
