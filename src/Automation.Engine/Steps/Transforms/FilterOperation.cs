using System.Text.Json;
using Automation.Definitions;

namespace Automation.Engine.Steps.Transforms;

/// <summary><c>{ "filter": "{{ item.price &lt; 10 }}" }</c>: keeps the items for which the condition is truthy (not false or null).</summary>
internal sealed class FilterOperation : ITransformOperation
{
    /// <inheritdoc />
    public string Name => "filter";

    /// <inheritdoc />
    public void Validate(JsonElement argument, string path, ICollection<ValidationError> errors) =>
        TransformChecks.Condition(argument, path, errors, "{{ item.price < 10 }}");

    /// <inheritdoc />
    public List<JsonElement> Apply(List<JsonElement> items, JsonElement argument, TransformContext context)
    {
        if (argument.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return argument.ValueKind == JsonValueKind.True ? items : [];
        }

        var keep = context.Each(argument, items);
        var result = new List<JsonElement>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (JsonValues.IsTruthy(keep[i]))
            {
                result.Add(items[i]);
            }
        }

        return result;
    }
}
