using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;

namespace Automation.Engine.Steps;

/// <summary>Matches HTTP status codes against a list of codes (<c>404</c>) and classes (<c>"5xx"</c>).</summary>
public sealed class StatusMatcher(IReadOnlyList<int> codes, IReadOnlyList<int> classes)
{
    /// <summary>2xx and 3xx.</summary>
    public static StatusMatcher DefaultSuccess { get; } = new([], [2, 3]);

    /// <summary>5xx, 408 and 429.</summary>
    public static StatusMatcher DefaultRetry { get; } = new([408, 429], [5]);

    /// <summary>Whether the status matches.</summary>
    public bool Matches(int status) => codes.Contains(status) || classes.Contains(status / 100);

    /// <summary>Parses an array such as <c>[200, "4xx"]</c>; returns null and reports errors when invalid.</summary>
    public static StatusMatcher? Parse(JsonElement value, string path, ICollection<ValidationError> errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError(path, $"Must be an array of status codes or classes such as [200, \"5xx\"], not {JsonChecks.Describe(value)}."));
            return null;
        }

        var codes = new List<int>();
        var classes = new List<int>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var code) && code is >= 100 and <= 599)
            {
                codes.Add(code);
            }
            else if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: 3 } s
                && s[0] is >= '1' and <= '5' && s.EndsWith("xx", StringComparison.OrdinalIgnoreCase))
            {
                classes.Add(s[0] - '0');
            }
            else
            {
                errors.Add(new ValidationError(itemPath, "Must be a status code 100–599 or a class \"1xx\"–\"5xx\"."));
            }
        }

        return new StatusMatcher(codes, classes);
    }
}
