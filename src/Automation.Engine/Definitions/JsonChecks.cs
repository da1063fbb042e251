using System.Text.Json;
using Automation.Definitions;

namespace Automation.Engine.Definitions;

/// <summary>Small helpers for validating handler arguments with JSON paths.</summary>
public static class JsonChecks
{
    /// <summary>Whether a value is a string holding a template, whose real value is known only at run time.</summary>
    public static bool IsTemplate(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { } s && (s.Contains("{{", StringComparison.Ordinal) || s.Contains("{%", StringComparison.Ordinal));

    /// <summary>Reports properties not in <paramref name="allowed"/>.</summary>
    public static void RejectUnknown(JsonElement obj, string path, ICollection<ValidationError> errors, params string[] allowed)
    {
        foreach (var p in obj.EnumerateObject())
        {
            if (!allowed.Contains(p.Name, StringComparer.Ordinal))
            {
                errors.Add(new ValidationError($"{path}.{p.Name}", $"Unknown property '{p.Name}'. Allowed: {string.Join(", ", allowed)}."));
            }
        }
    }

    /// <summary>Reads an optional string property; reports a wrong type.</summary>
    public static string? OptionalString(JsonElement obj, string name, string path, ICollection<ValidationError> errors)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ValidationError($"{path}.{name}", $"Must be a string, not {Describe(v)}."));
            return null;
        }

        return v.GetString();
    }

    /// <summary>Describes a JSON value's kind for error messages.</summary>
    public static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
