using System.Text.RegularExpressions;

namespace Automation.Cli.Http;

/// <summary>One operation of the API the CLI calls: a method and a path template such as <c>/api/v1/workflows/{workflowId}</c>.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Template">The path template, with <c>{parameter}</c> placeholders.</param>
internal sealed partial record ApiRoute(string Method, string Template)
{
    /// <summary>The HTTP method as an object.</summary>
    public HttpMethod HttpMethod => new(Method);

    /// <summary>The path of a route without parameters.</summary>
    public string Path => Template.Contains('{', StringComparison.Ordinal)
        ? throw new InvalidOperationException($"{Template} needs parameters.")
        : Template;

    /// <summary>The path with each placeholder replaced, in order, by an escaped value.</summary>
    /// <param name="values">One value per placeholder.</param>
    public string Format(params string[] values)
    {
        var index = 0;
        var path = Placeholder().Replace(Template, _ => ApiPath.Segment(values[index++]));
        return index == values.Length ? path : throw new ArgumentException($"{Template} takes {index} values, not {values.Length}.", nameof(values));
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
