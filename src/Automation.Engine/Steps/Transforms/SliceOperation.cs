using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;

namespace Automation.Engine.Steps.Transforms;

/// <summary>
/// <c>{ "slice": { "start": 0, "count": 5 } }</c>: <c>count</c> items from position <c>start</c> (default 0; negative counts
/// from the end); without <c>count</c>, to the end. Either may be a template over the workflow scope (no <c>item</c>).
/// </summary>
internal sealed class SliceOperation : ITransformOperation
{
    /// <inheritdoc />
    public string Name => "slice";

    /// <inheritdoc />
    public void Validate(JsonElement argument, string path, ICollection<ValidationError> errors)
    {
        if (!TransformChecks.IsObject(argument, path, errors, "{ \"start\": 0, \"count\": 5 }"))
        {
            return;
        }

        JsonChecks.RejectUnknown(argument, path, errors, "start", "count");
        foreach (var (name, min) in new[] { ("start", long.MinValue), ("count", 0L) })
        {
            if (!argument.TryGetProperty(name, out var value) || JsonChecks.IsTemplate(value))
            {
                continue;
            }

            if (Integer(value) is not { } number || number < min)
            {
                var what = min == 0 ? "a whole number of at least 0" : "a whole number (negative counts from the end)";
                errors.Add(new ValidationError($"{path}.{name}", $"Must be {what}, or a template that renders one, not {TransformChecks.Shown(value)}."));
            }
        }
    }

    /// <inheritdoc />
    public List<JsonElement> Apply(List<JsonElement> items, JsonElement argument, TransformContext context)
    {
        var start = Resolve(argument, "start", context) ?? 0;
        var count = Resolve(argument, "count", context);
        if (count < 0)
        {
            throw context.Error(TransformException.InvalidArgument, $"count is {count}; it must be at least 0.");
        }

        var from = start < 0 ? Math.Max(0, items.Count + start) : Math.Min(start, items.Count);
        var take = Math.Min(count ?? long.MaxValue, items.Count - from);
        return items.GetRange((int)from, (int)take);
    }

    private static long? Resolve(JsonElement argument, string name, TransformContext context)
    {
        if (!argument.TryGetProperty(name, out var value))
        {
            return null;
        }

        var rendered = JsonChecks.IsTemplate(value) ? context.Once(value) : value;
        return Integer(rendered)
            ?? throw context.Error(TransformException.InvalidArgument, $"{name} must be a whole number, not {JsonValues.Describe(rendered)}.");
    }

    private static long? Integer(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}
