using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;

namespace Automation.Engine.Steps.Transforms;

/// <summary>
/// <c>{ "sort": { "by": "{{ item.price }}", "order": "desc" } }</c>: a stable sort by one key or several (<c>"by"</c> as an
/// array); <c>"sort": "{{ item.price }}"</c> is short for ascending, <c>"sort": true</c> sorts the items themselves.
/// </summary>
internal sealed class SortOperation : ITransformOperation
{
    private const string Example = "{{ item.price }}";

    /// <inheritdoc />
    public string Name => "sort";

    /// <inheritdoc />
    public void Validate(JsonElement argument, string path, ICollection<ValidationError> errors)
    {
        switch (argument.ValueKind)
        {
            case JsonValueKind.True:
                return;
            case JsonValueKind.String:
                TransformChecks.Template(argument, path, errors, Example);
                return;
            case JsonValueKind.Object:
                JsonChecks.RejectUnknown(argument, path, errors, "by", "order");
                TransformChecks.OneOf(argument, "order", path, errors, "asc", "desc");
                if (argument.TryGetProperty("by", out var by))
                {
                    ValidateBy(by, $"{path}.by", errors);
                }

                return;
            default:
                errors.Add(new ValidationError(path, $"Must be true, a key template such as \"{Example}\", or an object {{ \"by\": \"{Example}\", \"order\": \"asc\" | \"desc\" }}, not {TransformChecks.Shown(argument)}."));
                return;
        }
    }

    /// <inheritdoc />
    public List<JsonElement> Apply(List<JsonElement> items, JsonElement argument, TransformContext context)
    {
        var descending = argument.ValueKind == JsonValueKind.Object && argument.TryGetProperty("order", out var order) && order.GetString() == "desc";
        var templates = Keys(argument);
        var keys = templates.Count == 0 ? [items] : templates.Select(t => context.Each(t, items)).ToList();
        var comparer = Comparer<int>.Create((a, b) =>
        {
            foreach (var key in keys)
            {
                var byKey = JsonValueComparer.Instance.Compare(key[a], key[b]);
                if (byKey != 0)
                {
                    return descending ? -byKey : byKey;
                }
            }

            return 0;
        });

        // OrderBy is stable: items with equal keys keep their order, in both directions.
        return [.. Enumerable.Range(0, items.Count).OrderBy(i => i, comparer).Select(i => items[i])];
    }

    private static List<JsonElement> Keys(JsonElement argument) => argument.ValueKind switch
    {
        JsonValueKind.String => [argument],
        JsonValueKind.Object when argument.TryGetProperty("by", out var by) =>
            by.ValueKind == JsonValueKind.Array ? [.. by.EnumerateArray()] : [by],
        _ => [],
    };

    private static void ValidateBy(JsonElement by, string path, ICollection<ValidationError> errors)
    {
        if (by.ValueKind == JsonValueKind.Array && by.GetArrayLength() > 0)
        {
            var index = 0;
            foreach (var key in by.EnumerateArray())
            {
                TransformChecks.Template(key, $"{path}[{index++}]", errors, Example);
            }
        }
        else if (by.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ValidationError(path, $"Must be a key template such as \"{Example}\" or a non-empty array of them, not {TransformChecks.Shown(by)}."));
        }
    }
}
