using System.Text.RegularExpressions;

namespace Automation.Api.Contracts;

public static partial class ResourceNames
{
    private const string ServiceNameBody = "^[a-z0-9._-]{1,100}";

    /// <summary>Monitored service names, as an ECMA-262 pattern (OpenAPI <c>pattern</c>).</summary>
    public const string ServiceNamePattern = ServiceNameBody + "$";

    /// <summary>The rule of <see cref="ServiceNamePattern"/>, in words.</summary>
    public const string ServiceNameRule = "use 1–100 lowercase letters, digits, '.', '_' and '-' (not 'graph', which names the dependency graph)";

    /// <summary>Tells whether a string is a valid service name.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when it matches <see cref="ServiceNamePattern"/> and is not reserved.</returns>
    public static bool IsServiceName(string? name) => name is not null && name != "graph" && ServiceName().IsMatch(name);

    [GeneratedRegex(ServiceNameBody + @"\z")]
    private static partial Regex ServiceName();
}
