using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Templates;

namespace Automation.Engine.Steps.Transforms;

/// <summary>Validation helpers shared by the operations.</summary>
internal static class TransformChecks
{
    /// <summary>Checks that a value is an object; reports it otherwise.</summary>
    public static bool IsObject(JsonElement value, string path, ICollection<ValidationError> errors, string example)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        errors.Add(new ValidationError(path, $"Must be an object such as {example}, not {JsonChecks.Describe(value)}."));
        return false;
    }

    /// <summary>Checks a required property holding a template string (evaluated per item).</summary>
    public static void RequiredTemplate(JsonElement obj, string name, string path, ICollection<ValidationError> errors, string example)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            errors.Add(new ValidationError($"{path}.{name}", $"Required: a template such as \"{example}\"."));
        }
        else
        {
            Template(value, $"{path}.{name}", errors, example);
        }
    }

    /// <summary>
    /// Checks a value that must be a template string (evaluated per item). A plain string is refused: it would be the
    /// same key for every item, and is most likely a property name written without <c>{{ item. }}</c>.
    /// </summary>
    public static void Template(JsonElement value, string path, ICollection<ValidationError> errors, string example)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ValidationError(path, $"Must be a template string such as \"{example}\", not {JsonChecks.Describe(value)}."));
        }
        else if (!JsonChecks.IsTemplate(value))
        {
            errors.Add(new ValidationError(path, $"Must be a template such as \"{example}\", not the plain string \"{value.GetString()}\", which is the same for every item."));
        }
    }

    /// <summary>Checks a condition: <c>true</c>, <c>false</c>, or a single <c>{{ ... }}</c> expression.</summary>
    public static void Condition(JsonElement value, string path, ICollection<ValidationError> errors, string example)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return;
        }

        if (value.ValueKind == JsonValueKind.String && (JsonTemplate.IsSingleExpression(value.GetString()!) || HasSyntaxError(value)))
        {
            return; // A syntax error is reported by the template check of all of 'with'.
        }

        errors.Add(new ValidationError(path, $"Must be a single {{{{ ... }}}} expression such as \"{example}\" (or true/false), not {Shown(value)}."));
    }

    /// <summary>Checks an optional string property against a list of allowed literals.</summary>
    public static void OneOf(JsonElement obj, string name, string path, ICollection<ValidationError> errors, params string[] allowed)
    {
        if (obj.TryGetProperty(name, out var value)
            && (value.ValueKind != JsonValueKind.String || !allowed.Contains(value.GetString(), StringComparer.Ordinal)))
        {
            errors.Add(new ValidationError($"{path}.{name}", $"Must be one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}, not {Shown(value)}."));
        }
    }

    /// <summary>A value for a message: strings quoted, others by kind.</summary>
    public static string Shown(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? $"\"{value.GetString()}\"" : JsonChecks.Describe(value);

    private static bool HasSyntaxError(JsonElement value)
    {
        var errors = new List<ValidationError>();
        JsonTemplate.Validate(value, "$", errors);
        return errors.Count > 0;
    }
}
