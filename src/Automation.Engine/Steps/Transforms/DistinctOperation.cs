using System.Text.Json;
using Automation.Definitions;

namespace Automation.Engine.Steps.Transforms;

/// <summary>
/// <c>{ "distinct": "{{ item.sku }}" }</c>: keeps the first item of each key, in order; <c>"distinct": true</c> compares
/// whole items. Keys are equal when their JSON values are (<see cref="JsonValueComparer"/>).
/// </summary>
internal sealed class DistinctOperation : ITransformOperation
{
    /// <inheritdoc />
    public string Name => "distinct";

    /// <inheritdoc />
    public void Validate(JsonElement argument, string path, ICollection<ValidationError> errors)
    {
        if (argument.ValueKind == JsonValueKind.String)
        {
            TransformChecks.Template(argument, path, errors, "{{ item.sku }}");
        }
        else if (argument.ValueKind != JsonValueKind.True)
        {
            errors.Add(new ValidationError(path, $"Must be true (whole items) or a key template such as \"{{{{ item.sku }}}}\", not {TransformChecks.Shown(argument)}."));
        }
    }

    /// <inheritdoc />
    public List<JsonElement> Apply(List<JsonElement> items, JsonElement argument, TransformContext context)
    {
        var keys = argument.ValueKind == JsonValueKind.String ? context.Each(argument, items) : items;
        var seen = new HashSet<JsonElement>(JsonValueComparer.Instance);
        var result = new List<JsonElement>();
        for (var i = 0; i < items.Count; i++)
        {
            if (seen.Add(keys[i]))
            {
                result.Add(items[i]);
            }
        }

        return result;
    }
}
