using System.Text.Json;
using Automation.Definitions;

namespace Automation.Engine.Steps.Transforms;

/// <summary><c>{ "map": { "sku": "{{ item.sku }}" } }</c>: replaces each item with the template rendered for it.</summary>
internal sealed class MapOperation : ITransformOperation
{
    /// <inheritdoc />
    public string Name => "map";

    /// <inheritdoc />
    public void Validate(JsonElement argument, string path, ICollection<ValidationError> errors)
    {
        // Any JSON value is a template; its syntax is checked with the rest of 'with'.
    }

    /// <inheritdoc />
    public List<JsonElement> Apply(List<JsonElement> items, JsonElement argument, TransformContext context) =>
        [.. context.Each(argument, items)];
}
