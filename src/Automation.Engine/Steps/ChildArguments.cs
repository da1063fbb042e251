using System.Text.Json;
using System.Text.RegularExpressions;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Workflows;

namespace Automation.Engine.Steps;

/// <summary>Checks and reads shared by the kinds that run child workflows.</summary>
internal static partial class ChildArguments
{
    /// <summary>Workflow ids: as the API accepts them.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}\z")]
    public static partial Regex WorkflowIdPattern();

    /// <summary>Checks <c>definition</c> (a name or a template) and <c>version</c> (a positive integer) when present.</summary>
    public static void ValidateDefinition(JsonElement with, string path, ICollection<ValidationError> errors, bool required)
    {
        if (!with.TryGetProperty("definition", out var definition))
        {
            if (required)
            {
                errors.Add(new ValidationError($"{path}.definition", "Required: the name of the definition to start, e.g. \"send-invoice\"."));
            }
        }
        else if (definition.ValueKind != JsonValueKind.String
            || (!JsonChecks.IsTemplate(definition) && !DefinitionParser.NamePattern().IsMatch(definition.GetString()!)))
        {
            errors.Add(new ValidationError($"{path}.definition", $"Must be a definition name (letters, digits, '.', '_' and '-') or a template, not {JsonChecks.Describe(definition)}."));
        }

        if (with.TryGetProperty("version", out var version) && version.ValueKind != JsonValueKind.Null
            && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v >= 1))
        {
            errors.Add(new ValidationError($"{path}.version", $"Must be a positive integer (a registered version), not {JsonChecks.Describe(version)}."));
        }
    }

    /// <summary>Reads the rendered <c>definition</c> and <c>version</c>, or explains why they are not usable.</summary>
    public static (string? Definition, int? Version, StepError? Error) ReadDefinition(JsonElement with)
    {
        var definition = with.GetProperty("definition");
        if (definition.ValueKind != JsonValueKind.String || !DefinitionParser.NamePattern().IsMatch(definition.GetString()!))
        {
            return (null, null, new StepError("child.definition-invalid", $"'definition' rendered {JsonChecks.Describe(definition)}, which is not a definition name.", Retryable: false));
        }

        int? version = with.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
        return (definition.GetString(), version, null);
    }

    /// <summary>Checks an optional positive integer at most <paramref name="max"/>.</summary>
    public static void ValidateCount(JsonElement with, string name, int max, string path, ICollection<ValidationError> errors)
    {
        if (with.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            && !(value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 1 && n <= max))
        {
            errors.Add(new ValidationError($"{path}.{name}", $"Must be an integer from 1 to {max}, not {JsonChecks.Describe(value)}."));
        }
    }

    /// <summary>Checks an optional string that must be one of <paramref name="allowed"/>.</summary>
    public static void ValidateChoice(JsonElement with, string name, string path, ICollection<ValidationError> errors, params string[] allowed)
    {
        if (with.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            && !(value.ValueKind == JsonValueKind.String && allowed.Contains(value.GetString(), StringComparer.Ordinal)))
        {
            errors.Add(new ValidationError($"{path}.{name}", $"Must be one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}, not {JsonChecks.Describe(value)}."));
        }
    }

    /// <summary>A child's result as the step output shows a failure: its position, id, status and error.</summary>
    public static object Failure(int index, Engine.Workflows.ChildResult result) =>
        new { index, workflowId = result.ChildId, status = result.Status.ToString(), error = result.Error };
}
