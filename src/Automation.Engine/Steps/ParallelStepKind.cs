using System.Text.Json;
using System.Text.RegularExpressions;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Workflows;
using Automation.Workflows;

namespace Automation.Engine.Steps;

/// <summary>
/// <c>parallel</c>: named branches of inline steps run together, each as a child workflow. <c>with</c>:
/// <c>branches</c> (<c>{ "name": [steps], ... }</c>), <c>mode</c> (<c>all</c>, the default: completes when every branch
/// completed, fails with the first that did not; <c>any</c>: completes with the first branch that completes and
/// cancels the others) and <c>input</c> (the branches' input; default: the workflow input). Output with <c>all</c>:
/// <c>{ "name": output, ... }</c>; with <c>any</c>: <c>{ "branch": name, "output": ... }</c>.
/// </summary>
public sealed partial class ParallelStepKind : IChildStepKind
{
    /// <summary>Most branches.</summary>
    public const int MaxBranches = 20;

    private static readonly HashSet<string> Raw = new(StringComparer.Ordinal) { "branches" };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex BranchNamePattern();

    /// <inheritdoc />
    public string Type => "parallel";

    /// <inheritdoc />
    public IReadOnlySet<string> RawArguments => Raw;

    /// <inheritdoc />
    public IReadOnlySet<string> ChildProperties => Raw;

    /// <inheritdoc />
    public void Validate(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        JsonChecks.RejectUnknown(with, path, errors, "branches", "mode", "input");
        if (!with.TryGetProperty("branches", out var branches) || branches.ValueKind != JsonValueKind.Object || !branches.EnumerateObject().Any())
        {
            errors.Add(new ValidationError($"{path}.branches", "Required: an object of named branches, each an array of steps, e.g. { \"left\": [ ... ], \"right\": [ ... ] }."));
        }
        else
        {
            var count = 0;
            foreach (var branch in branches.EnumerateObject())
            {
                if (++count > MaxBranches)
                {
                    errors.Add(new ValidationError($"{path}.branches", $"Too many branches; at most {MaxBranches}."));
                    break;
                }

                if (!BranchNamePattern().IsMatch(branch.Name))
                {
                    errors.Add(new ValidationError($"{path}.branches.{branch.Name}", $"'{branch.Name}' is not a valid branch name: use letters, digits, '_' and '-', starting with a letter or '_', at most 64 characters."));
                }
            }
        }

        ChildArguments.ValidateChoice(with, "mode", path, errors, "all", "any");
    }

    /// <inheritdoc />
    public IEnumerable<InlineSubflow> Subflows(string stepId, JsonElement with, string path)
    {
        if (!with.TryGetProperty("branches", out var branches) || branches.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var branch in branches.EnumerateObject().Take(MaxBranches).Where(b => BranchNamePattern().IsMatch(b.Name)))
        {
            yield return new InlineSubflow($"{stepId}.{branch.Name}", $"{path}.branches.{branch.Name}", branch.Value);
        }
    }

    /// <inheritdoc />
    public StepActivation Activate(StepActivationContext context)
    {
        var count = Branches(context).Count;
        var any = context.With.TryGetProperty("mode", out var mode) && mode.ValueKind == JsonValueKind.String && mode.GetString() == "any";
        return StepActivation.RunChildren(new ChildPlan(count, count, FailFast: true, FirstWins: any));
    }

    /// <inheritdoc />
    public ChildSpec Child(StepActivationContext context, int index)
    {
        var input = context.With.TryGetProperty("input", out var given) ? given : context.Scope!.Input;
        return new ChildSpec(null, null, $"{context.Step.Id}.{Branches(context)[index]}", input);
    }

    /// <inheritdoc />
    public JsonElement Output(StepActivationContext context, ChildRuns runs, IReadOnlyList<ChildResult> results)
    {
        var names = Branches(context);
        if (runs.Winner is { } winner)
        {
            return JsonSerializer.SerializeToElement(new { branch = names[winner], output = results[0].Output });
        }

        return JsonSerializer.SerializeToElement(names.Select((name, i) => (name, results[i].Output)).ToDictionary(p => p.name, p => p.Output, StringComparer.Ordinal));
    }

    private static List<string> Branches(StepActivationContext context) =>
        [.. context.Step.With.GetProperty("branches").EnumerateObject().Select(b => b.Name)];
}
