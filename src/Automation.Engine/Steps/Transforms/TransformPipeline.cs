using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Templates;

namespace Automation.Engine.Steps.Transforms;

/// <summary>
/// The pipeline form of <c>transform</c>: an array from <c>input</c> (or records from <c>csv</c>) goes through
/// <c>operations</c> in order; the result is the output, or the <c>output</c> template rendered with it as <c>result</c>.
/// <c>operations</c> and <c>output</c> reach the step unrendered and are rendered here: per-item templates see
/// <c>item</c> and <c>index</c> next to the workflow scope.
/// </summary>
internal static class TransformPipeline
{
    /// <summary>The properties of the pipeline form.</summary>
    public static readonly string[] Properties = ["input", "csv", "operations", "output"];

    /// <summary>The properties the step renders itself.</summary>
    public static readonly IReadOnlySet<string> RawProperties = new HashSet<string>(StringComparer.Ordinal) { "operations", "output" };

    /// <summary>Most operations in one step.</summary>
    public const int MaxOperations = 100;

    private static readonly Dictionary<string, ITransformOperation> Operations = new ITransformOperation[]
    {
        new FilterOperation(), new MapOperation(), new SortOperation(), new DistinctOperation(),
        new GroupByOperation(), new JoinOperation(), new FlattenOperation(), new SliceOperation(),
    }.ToDictionary(o => o.Name, StringComparer.Ordinal);

    private static readonly string Known = string.Join(", ", Operations.Keys);

    /// <summary>Checks the pipeline form at registration.</summary>
    /// <param name="with">The step's <c>with</c>, which has at least one pipeline property.</param>
    /// <param name="path">Its JSON path.</param>
    /// <param name="errors">Where to add problems.</param>
    public static void Validate(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        var hasInput = with.TryGetProperty("input", out var input);
        var hasCsv = with.TryGetProperty("csv", out var csv);
        if (hasInput && hasCsv)
        {
            errors.Add(new ValidationError($"{path}.csv", "Use either 'input' (an array) or 'csv' (text to parse), not both."));
        }
        else if (!hasInput && !hasCsv)
        {
            errors.Add(new ValidationError($"{path}.input", "Required: the array to process, e.g. \"{{ steps.fetch.output.body.items }}\", or 'csv' with the text to parse."));
        }

        if (hasInput && input.ValueKind != JsonValueKind.Array && !JsonChecks.IsTemplate(input))
        {
            errors.Add(new ValidationError($"{path}.input", $"Must be an array, or a template that renders one, not {TransformChecks.Shown(input)}."));
        }

        if (hasCsv)
        {
            CsvSource.Validate(csv, $"{path}.csv", errors);
        }

        if (with.TryGetProperty("operations", out var operations))
        {
            ValidateOperations(operations, $"{path}.operations", errors);
        }
    }

    /// <summary>Runs the pipeline.</summary>
    /// <param name="with">The step's arguments: <c>input</c> and <c>csv</c> rendered, <c>operations</c> and <c>output</c> as written.</param>
    /// <param name="scope">The workflow scope for the step's own templates.</param>
    /// <returns>The step output.</returns>
    /// <exception cref="TransformException">The data does not fit an operation.</exception>
    /// <exception cref="TemplateException">A template of an operation or of <c>output</c> fails.</exception>
    public static JsonElement Run(JsonElement with, TemplateScope scope)
    {
        var items = with.TryGetProperty("csv", out var csv) ? CsvSource.Read(csv) : Input(with.GetProperty("input"));
        var renderer = new TemplateRenderer(scope);
        if (with.TryGetProperty("operations", out var operations))
        {
            var index = 0;
            foreach (var operation in operations.EnumerateArray())
            {
                var step = operation.EnumerateObject().Single();
                var location = $"operations[{index++}].{step.Name}";
                try
                {
                    items = Operations[step.Name].Apply(items, step.Value, new TransformContext(renderer, location));
                }
                catch (TemplateException e)
                {
                    throw new TemplateException($"{location}: {e.Message}", e.Expression, e.MissingPath, e);
                }
            }
        }

        var result = JsonValues.Build(writer =>
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                item.WriteTo(writer);
            }

            writer.WriteEndArray();
        });
        if (!with.TryGetProperty("output", out var output))
        {
            return result;
        }

        try
        {
            return renderer.Render(output, new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["result"] = result });
        }
        catch (TemplateException e)
        {
            throw new TemplateException($"output: {e.Message}", e.Expression, e.MissingPath, e);
        }
    }

    private static List<JsonElement> Input(JsonElement input) => input.ValueKind == JsonValueKind.Array
        ? [.. input.EnumerateArray()]
        : throw new TransformException(TransformException.NotAnArray, $"input must be an array, not {JsonValues.Describe(input)}.");

    private static void ValidateOperations(JsonElement operations, string path, ICollection<ValidationError> errors)
    {
        if (operations.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError(path, $"Must be an array of operations such as [{{ \"filter\": \"{{{{ item.price < 10 }}}}\" }}], not {JsonChecks.Describe(operations)}."));
            return;
        }

        if (operations.GetArrayLength() > MaxOperations)
        {
            errors.Add(new ValidationError(path, $"Too many operations: {operations.GetArrayLength()}; at most {MaxOperations}."));
            return;
        }

        var index = 0;
        foreach (var operation in operations.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (operation.ValueKind != JsonValueKind.Object || operation.GetPropertyCount() != 1)
            {
                errors.Add(new ValidationError(at, $"An operation is an object with one property, its name ({Known}), such as {{ \"sort\": \"{{{{ item.price }}}}\" }}."));
                continue;
            }

            var named = operation.EnumerateObject().Single();
            if (Operations.TryGetValue(named.Name, out var known))
            {
                known.Validate(named.Value, $"{at}.{named.Name}", errors);
            }
            else
            {
                errors.Add(new ValidationError($"{at}.{named.Name}", $"Unknown operation '{named.Name}'. Known: {Known}."));
            }
        }
    }
}
