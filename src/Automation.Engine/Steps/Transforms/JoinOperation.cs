using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;

namespace Automation.Engine.Steps.Transforms;

/// <summary>
/// <c>{ "join": { "with": "{{ steps.customers.output }}", "left": "{{ item.customerId }}", "right": "{{ item.id }}", "kind": "left", "as": "customer" } }</c>:
/// pairs each item with the items of another array whose key is equal, like SQL: one result per match, in the order of the
/// items then of the matches. With <c>as</c>, the match is put under that name (null when a left join finds none); without
/// it, the match's properties are added to the item (the item's own win). <c>inner</c> (default) drops items without a
/// match, <c>left</c> keeps them. Null keys match nothing.
/// </summary>
internal sealed class JoinOperation : ITransformOperation
{
    private const string Example = "{ \"with\": \"{{ steps.customers.output }}\", \"left\": \"{{ item.customerId }}\", \"right\": \"{{ item.id }}\" }";

    /// <inheritdoc />
    public string Name => "join";

    /// <inheritdoc />
    public void Validate(JsonElement argument, string path, ICollection<ValidationError> errors)
    {
        if (!TransformChecks.IsObject(argument, path, errors, Example))
        {
            return;
        }

        JsonChecks.RejectUnknown(argument, path, errors, "with", "left", "right", "kind", "as");
        if (!argument.TryGetProperty("with", out var with))
        {
            errors.Add(new ValidationError($"{path}.with", "Required: the array to join with, e.g. \"{{ steps.customers.output }}\"."));
        }
        else if (with.ValueKind != JsonValueKind.Array && !JsonChecks.IsTemplate(with))
        {
            errors.Add(new ValidationError($"{path}.with", $"Must be an array, or a template that renders one, not {TransformChecks.Shown(with)}."));
        }

        TransformChecks.RequiredTemplate(argument, "left", path, errors, "{{ item.customerId }}");
        TransformChecks.RequiredTemplate(argument, "right", path, errors, "{{ item.id }}");
        TransformChecks.OneOf(argument, "kind", path, errors, "inner", "left");
        if (argument.TryGetProperty("as", out var name) && (name.ValueKind != JsonValueKind.String || name.GetString()!.Length == 0 || JsonChecks.IsTemplate(name)))
        {
            errors.Add(new ValidationError($"{path}.as", $"Must be a property name such as \"customer\", not {TransformChecks.Shown(name)}."));
        }
    }

    /// <inheritdoc />
    public List<JsonElement> Apply(List<JsonElement> items, JsonElement argument, TransformContext context)
    {
        var others = context.Once(argument.GetProperty("with"));
        if (others.ValueKind != JsonValueKind.Array)
        {
            throw context.Error(TransformException.NotAnArray, $"with must be an array, not {JsonValues.Describe(others)}.");
        }

        var right = others.EnumerateArray().ToList();
        var index = new Dictionary<JsonElement, List<int>>(JsonValueComparer.Instance);
        var rightKeys = context.Each(argument.GetProperty("right"), right);
        for (var i = 0; i < right.Count; i++)
        {
            if (rightKeys[i].ValueKind != JsonValueKind.Null)
            {
                (index.TryGetValue(rightKeys[i], out var list) ? list : index[rightKeys[i]] = []).Add(i);
            }
        }

        var leftKeys = context.Each(argument.GetProperty("left"), items);
        var keepUnmatched = argument.TryGetProperty("kind", out var kind) && kind.GetString() == "left";
        var name = argument.TryGetProperty("as", out var a) ? a.GetString() : null;
        return JsonValues.BuildItems(writer =>
        {
            for (var i = 0; i < items.Count; i++)
            {
                var matches = leftKeys[i].ValueKind != JsonValueKind.Null && index.TryGetValue(leftKeys[i], out var found) ? found : [];
                foreach (var match in matches)
                {
                    Combine(writer, items[i], i, right[match], match, name, context);
                }

                if (matches.Count == 0 && keepUnmatched)
                {
                    Combine(writer, items[i], i, null, -1, name, context);
                }
            }
        });
    }

    private static void Combine(Utf8JsonWriter writer, JsonElement item, int itemIndex, JsonElement? match, int matchIndex, string? name, TransformContext context)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw context.Error(TransformException.NotAnObject, $"item {itemIndex} is {JsonValues.Describe(item)}; only objects can be joined.");
        }

        if (name is null && match is { ValueKind: not JsonValueKind.Object })
        {
            throw context.Error(TransformException.NotAnObject,
                $"item {matchIndex} of with is {JsonValues.Describe(match.Value)}; without \"as\", matches must be objects (their properties are added).");
        }

        writer.WriteStartObject();
        foreach (var property in item.EnumerateObject())
        {
            if (property.Name != name)
            {
                property.WriteTo(writer);
            }
        }

        if (name is not null)
        {
            writer.WritePropertyName(name);
            if (match is { } value)
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
        else if (match is { } value)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (!item.TryGetProperty(property.Name, out _))
                {
                    property.WriteTo(writer);
                }
            }
        }

        writer.WriteEndObject();
    }
}
