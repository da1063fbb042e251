using System.Text.Json;
using Automation.Definitions;

namespace Automation.Engine.Steps.Transforms;

/// <summary>
/// <c>{ "flatten": true }</c>: items that are arrays are replaced by their items (one level), other items stay.
/// <c>{ "flatten": "{{ item.lines }}" }</c>: each item is replaced by the items of the array the template renders (null: none).
/// </summary>
internal sealed class FlattenOperation : ITransformOperation
{
    /// <inheritdoc />
    public string Name => "flatten";

    /// <inheritdoc />
    public void Validate(JsonElement argument, string path, ICollection<ValidationError> errors)
    {
        if (argument.ValueKind == JsonValueKind.String)
        {
            TransformChecks.Template(argument, path, errors, "{{ item.lines }}");
        }
        else if (argument.ValueKind != JsonValueKind.True)
        {
            errors.Add(new ValidationError(path, $"Must be true (flatten arrays of arrays) or a template such as \"{{{{ item.lines }}}}\", not {TransformChecks.Shown(argument)}."));
        }
    }

    /// <inheritdoc />
    public List<JsonElement> Apply(List<JsonElement> items, JsonElement argument, TransformContext context)
    {
        var perItem = argument.ValueKind == JsonValueKind.String;
        var parts = perItem ? context.Each(argument, items) : items;
        var result = new List<JsonElement>();
        for (var i = 0; i < parts.Count; i++)
        {
            switch (parts[i].ValueKind)
            {
                case JsonValueKind.Array:
                    result.AddRange(parts[i].EnumerateArray());
                    break;
                case JsonValueKind.Null when perItem:
                    break;
                case var _ when perItem:
                    throw context.Error(TransformException.NotAnArray, $"item {i}: the template gave {JsonValues.Describe(parts[i])}, not an array.");
                default:
                    result.Add(parts[i]);
                    break;
            }
        }

        return result;
    }
}
