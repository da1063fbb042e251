using System.Text.Json;
using Automation.Definitions;
using Automation.Templates;

namespace Automation.Engine.Definitions;

/// <summary>Conditions (<c>when</c>), <c>wait</c>'s <c>onTimeout</c>, declared <c>signals</c> and <c>switch</c> routes.</summary>
public sealed partial class DefinitionParser
{
    private static string? ParseWhen(JsonElement step, string path, List<ValidationError> errors)
    {
        if (!step.TryGetProperty("when", out var when) || when.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (when.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return when.ValueKind == JsonValueKind.True ? "true" : "false";
        }

        if (when.ValueKind != JsonValueKind.String || when.GetString()!.Trim().Length == 0)
        {
            errors.Add(new ValidationError($"{path}.when", $"Must be a condition such as \"{{{{ input.amount > 1000 }}}}\", not {JsonChecks.Describe(when)}."));
            return null;
        }

        JsonTemplate.Validate(when, $"{path}.when", errors);
        return when.GetString();
    }

    private static JsonElement? ParseOnTimeout(JsonElement step, string? type, string path, List<ValidationError> errors)
    {
        if (!step.TryGetProperty("onTimeout", out var onTimeout) || onTimeout.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (type != "wait")
        {
            errors.Add(new ValidationError($"{path}.onTimeout", "Only a 'wait' step has onTimeout."));
            return null;
        }

        var single = onTimeout.ValueKind == JsonValueKind.Object ? onTimeout.EnumerateObject().ToList() : [];
        if (single.Count != 1 || !(single[0].Name == "output" || (single[0].Name == "fail" && single[0].Value.ValueKind == JsonValueKind.True)))
        {
            errors.Add(new ValidationError($"{path}.onTimeout", "Must be { \"fail\": true } or { \"output\": <any JSON> }."));
            return null;
        }

        if (!step.TryGetProperty("timeout", out var t) || t.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new ValidationError($"{path}.onTimeout", "Needs the step's 'timeout' (without one the step waits for ever)."));
        }

        return onTimeout.Clone();
    }

    private static List<string>? ParseSignals(JsonElement document, List<StepDefinition> steps, List<ValidationError> errors)
    {
        if (!document.TryGetProperty("signals", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError("$.signals", $"Must be an array of signal names, not {JsonChecks.Describe(array)}."));
            return null;
        }

        var signals = new List<string>();
        var index = 0;
        foreach (var s in array.EnumerateArray())
        {
            var path = $"$.signals[{index++}]";
            if (s.ValueKind != JsonValueKind.String || !NamePattern().IsMatch(s.GetString()!))
            {
                errors.Add(new ValidationError(path, "Must be a signal name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters."));
            }
            else if (signals.Contains(s.GetString()!))
            {
                errors.Add(new ValidationError(path, $"'{s.GetString()}' is listed twice."));
            }
            else
            {
                signals.Add(s.GetString()!);
            }
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Type == "wait" && steps[i].With.ValueKind == JsonValueKind.Object && steps[i].With.TryGetProperty("signal", out var name)
                && name.ValueKind == JsonValueKind.String && !signals.Contains(name.GetString()!))
            {
                errors.Add(new ValidationError($"$.steps[{i}].with.signal", $"'{name.GetString()}' is not among the declared signals ($.signals)."));
            }
        }

        return signals;
    }

    /// <summary>Every step a branching step (<c>switch</c>) routes to must exist and depend on it directly.</summary>
    private void CheckRoutes(List<StepDefinition> steps, List<ValidationError> errors, string arrayPath = "$.steps")
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (kinds.Find(steps[i].Type) is not { } kind || steps[i].With.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var (path, target) in kind.Routes(steps[i].With, $"{arrayPath}[{i}].with"))
            {
                var routed = steps.FirstOrDefault(s => s.Id == target);
                if (routed is null)
                {
                    errors.Add(new ValidationError(path, $"Unknown step '{target}'."));
                }
                else if (!routed.DependsOn.Contains(steps[i].Id))
                {
                    errors.Add(new ValidationError(path, $"Step '{target}' must depend on '{steps[i].Id}' (add \"{steps[i].Id}\" to its dependsOn)."));
                }
            }
        }
    }
}
