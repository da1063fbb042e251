using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Workflows;

namespace Automation.Engine.Steps;

/// <summary>
/// <c>switch</c>: picks a branch inside the workflow's turn. <c>with.cases</c> is a list of
/// <c>{ "when": condition, "next": [step ids] }</c> and <c>with.default</c> a list of step ids; the first case whose
/// condition is true (else the default) is the branch. Output: <c>{ "case": index or null, "branch": [ids] }</c>.
/// Every step named in a <c>next</c> or the <c>default</c> must depend on the switch; those not in the branch taken
/// are skipped (see <see cref="IStepKind.Routes"/>).
/// </summary>
public sealed class SwitchStepKind : IStepKind
{
    /// <inheritdoc />
    public string Type => "switch";

    /// <inheritdoc />
    public void Validate(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        JsonChecks.RejectUnknown(with, path, errors, "cases", "default");
        if (!with.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array || cases.GetArrayLength() == 0)
        {
            errors.Add(new ValidationError($"{path}.cases", "Required: a non-empty array of { \"when\": condition, \"next\": [step ids] }."));
        }
        else
        {
            var i = 0;
            foreach (var c in cases.EnumerateArray())
            {
                var casePath = $"{path}.cases[{i++}]";
                if (c.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new ValidationError(casePath, $"A case must be an object with 'when' and 'next', not {JsonChecks.Describe(c)}."));
                    continue;
                }

                JsonChecks.RejectUnknown(c, casePath, errors, "when", "next");
                if (!c.TryGetProperty("when", out var when) || when.ValueKind is not (JsonValueKind.String or JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(new ValidationError($"{casePath}.when", "Required: a condition such as \"{{ input.amount > 1000 }}\"."));
                }

                ValidateNext(c, "next", casePath, errors);
            }
        }

        if (with.TryGetProperty("default", out _))
        {
            ValidateNext(with, "default", path, errors);
        }
    }

    /// <inheritdoc />
    public IEnumerable<(string Path, string StepId)> Routes(JsonElement with, string path)
    {
        if (with.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        if (with.TryGetProperty("cases", out var cases) && cases.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var c in cases.EnumerateArray())
            {
                var casePath = $"{path}.cases[{i++}]";
                if (c.ValueKind == JsonValueKind.Object && c.TryGetProperty("next", out var next))
                {
                    foreach (var route in Ids(next, $"{casePath}.next"))
                    {
                        yield return route;
                    }
                }
            }
        }

        if (with.TryGetProperty("default", out var fallback))
        {
            foreach (var route in Ids(fallback, $"{path}.default"))
            {
                yield return route;
            }
        }
    }

    /// <inheritdoc />
    public StepActivation Activate(StepActivationContext context)
    {
        var cases = context.With.GetProperty("cases");
        var i = 0;
        foreach (var c in cases.EnumerateArray())
        {
            var when = c.GetProperty("when");
            if (!Conditions.TryRead(when, out var holds))
            {
                var written = context.Step.With.GetProperty("cases")[i].GetProperty("when").GetRawText();
                return StepActivation.Fail(new StepError(
                    "condition", $"Case {i} condition {written} must render true or false, not {Conditions.Describe(when)}.", Retryable: false));
            }

            if (holds)
            {
                return Chosen(i, c.GetProperty("next"));
            }

            i++;
        }

        return Chosen(null, context.With.TryGetProperty("default", out var fallback) ? fallback : default);
    }

    private static StepActivation Chosen(int? index, JsonElement next)
    {
        var branch = next.ValueKind == JsonValueKind.Array ? next.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
        return StepActivation.Complete(JsonSerializer.SerializeToElement(new { @case = index, branch }));
    }

    private static void ValidateNext(JsonElement owner, string name, string path, ICollection<ValidationError> errors)
    {
        if (!owner.TryGetProperty(name, out var next) || next.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError($"{path}.{name}", "Required: an array of the ids of steps that depend on this switch."));
            return;
        }

        var i = 0;
        foreach (var id in next.EnumerateArray())
        {
            if (id.ValueKind != JsonValueKind.String || JsonChecks.IsTemplate(id))
            {
                errors.Add(new ValidationError($"{path}.{name}[{i}]", $"Must be a step id (not a template), not {JsonChecks.Describe(id)}."));
            }

            i++;
        }
    }

    private static IEnumerable<(string Path, string StepId)> Ids(JsonElement next, string path)
    {
        if (next.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        var i = 0;
        foreach (var id in next.EnumerateArray())
        {
            if (id.ValueKind == JsonValueKind.String && !JsonChecks.IsTemplate(id))
            {
                yield return ($"{path}[{i}]", id.GetString()!);
            }

            i++;
        }
    }
}
