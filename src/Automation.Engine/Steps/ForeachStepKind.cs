using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Workflows;
using Automation.Templates;
using Automation.Workflows;

namespace Automation.Engine.Steps;

/// <summary>
/// <c>foreach</c>: runs steps once per item of an array, each item as a child workflow. <c>with</c>: <c>items</c> (an
/// array, usually a template), and either <c>steps</c> (inline steps; they read <c>input.item</c> and
/// <c>input.index</c>) with an optional <c>output</c>, or <c>definition</c>/<c>version</c> to start per item;
/// <c>input</c> (per-item template with <c>item</c> and <c>index</c>; default <c>{ item, index }</c>),
/// <c>maxConcurrency</c> (default 10) and <c>failurePolicy</c> (<c>failFast</c>, the default, or <c>collect</c>).
/// Output: <c>{ count, completed, failed, outputs: [in item order], failures: [...] }</c>.
/// </summary>
/// <remarks>
/// The parent keeps only counters and the indexes running (at most <c>maxConcurrency</c>), whatever the item count;
/// each item's state is its child's. The children's outputs are read once at the end into the step's output, so the
/// item count is capped at <see cref="MaxItems"/> and outputs should be small (map them with <c>output</c>).
/// </remarks>
public sealed class ForeachStepKind : IChildStepKind
{
    /// <summary>Most items one <c>foreach</c> runs.</summary>
    public const int MaxItems = 10_000;

    /// <summary>Most children running at once.</summary>
    public const int MaxConcurrencyLimit = 1000;

    /// <summary>Children running at once when the step does not say.</summary>
    public const int DefaultConcurrency = 10;

    private static readonly HashSet<string> Raw = new(StringComparer.Ordinal) { "steps", "output", "input" };
    private static readonly HashSet<string> InChild = new(StringComparer.Ordinal) { "steps", "output" };

    /// <inheritdoc />
    public string Type => "foreach";

    /// <inheritdoc />
    public IReadOnlySet<string> RawArguments => Raw;

    /// <inheritdoc />
    public IReadOnlySet<string> ChildProperties => InChild;

    /// <inheritdoc />
    public void Validate(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        JsonChecks.RejectUnknown(with, path, errors, "items", "steps", "output", "definition", "version", "input", "maxConcurrency", "failurePolicy");
        if (!with.TryGetProperty("items", out var items) || !(items.ValueKind == JsonValueKind.Array || JsonChecks.IsTemplate(items)))
        {
            errors.Add(new ValidationError($"{path}.items", "Required: the array to run over, e.g. \"{{ steps.list.output.body.orders }}\"."));
        }

        var hasSteps = with.TryGetProperty("steps", out _);
        var hasDefinition = with.TryGetProperty("definition", out _);
        if (hasSteps == hasDefinition)
        {
            errors.Add(new ValidationError(path, "Give either 'steps' (run inline per item) or 'definition' (start it per item), not both or neither."));
        }

        if (hasDefinition)
        {
            ChildArguments.ValidateDefinition(with, path, errors, required: true);
            if (with.TryGetProperty("output", out _))
            {
                errors.Add(new ValidationError($"{path}.output", "Only with 'steps': a started definition has its own output."));
            }
        }

        ChildArguments.ValidateCount(with, "maxConcurrency", MaxConcurrencyLimit, path, errors);
        ChildArguments.ValidateChoice(with, "failurePolicy", path, errors, "failFast", "collect");
    }

    /// <inheritdoc />
    public IEnumerable<InlineSubflow> Subflows(string stepId, JsonElement with, string path)
    {
        if (with.TryGetProperty("steps", out var steps))
        {
            yield return new InlineSubflow(stepId, $"{path}.steps", steps, with.TryGetProperty("output", out var output) ? output : null, $"{path}.output");
        }
    }

    /// <inheritdoc />
    public StepActivation Activate(StepActivationContext context)
    {
        var items = context.With.GetProperty("items");
        if (items.ValueKind != JsonValueKind.Array)
        {
            return StepActivation.Fail(new StepError("foreach.not-an-array", $"'items' must be an array, not {JsonChecks.Describe(items)}.", Retryable: false));
        }

        if (items.GetArrayLength() > MaxItems)
        {
            return StepActivation.Fail(new StepError(
                "foreach.too-many-items", $"'items' has {items.GetArrayLength()} items; a foreach runs at most {MaxItems} (split the list, or nest a foreach).", Retryable: false));
        }

        if (context.With.TryGetProperty("definition", out _) && ChildArguments.ReadDefinition(context.With).Error is { } error)
        {
            return StepActivation.Fail(error);
        }

        var concurrency = context.With.TryGetProperty("maxConcurrency", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : DefaultConcurrency;
        var failFast = !(context.With.TryGetProperty("failurePolicy", out var p) && p.ValueKind == JsonValueKind.String && p.GetString() == "collect");
        return StepActivation.RunChildren(new ChildPlan(items.GetArrayLength(), concurrency, failFast));
    }

    /// <inheritdoc />
    public ChildSpec Child(StepActivationContext context, int index)
    {
        var item = context.With.GetProperty("items")[index];
        var indexValue = JsonSerializer.SerializeToElement(index);
        var input = context.With.TryGetProperty("input", out var template)
            ? new TemplateRenderer(context.Scope!).Render(template, new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                [TemplateRenderer.ItemVariable] = item,
                [TemplateRenderer.IndexVariable] = indexValue,
            })
            : JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement> { ["item"] = item, ["index"] = indexValue });
        if (context.With.TryGetProperty("definition", out _))
        {
            var (definition, version, _) = ChildArguments.ReadDefinition(context.With);
            return new ChildSpec(definition, version, null, input);
        }

        return new ChildSpec(null, null, context.Step.Id, input);
    }

    /// <inheritdoc />
    public JsonElement Output(StepActivationContext context, ChildRuns runs, IReadOnlyList<ChildResult> results)
    {
        var failures = new List<object>();
        var outputs = new List<JsonElement?>(results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Status == WorkflowStatus.Completed)
            {
                outputs.Add(results[i].Output);
            }
            else
            {
                outputs.Add(null);
                failures.Add(ChildArguments.Failure(i, results[i]));
            }
        }

        return JsonSerializer.SerializeToElement(new
        {
            count = results.Count,
            completed = results.Count - failures.Count,
            failed = failures.Count,
            outputs,
            failures,
        }, JsonSerializerOptions.Web);
    }
}
