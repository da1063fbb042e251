using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;

namespace Automation.Engine.Steps.Transforms;

/// <summary>
/// <c>{ "groupBy": { "key": "{{ item.region }}", "aggregates": { "revenue": { "sum": "{{ item.total }}" } }, "items": true } }</c>:
/// one object per distinct key, in order of first appearance: <c>{ "key": …, "revenue": …, "items": [ … ] }</c>.
/// Aggregates: <c>count</c> (<c>true</c>), <c>sum</c>, <c>avg</c>, <c>min</c>, <c>max</c> (a template per item). As in SQL,
/// null values are left out; <c>sum</c> of nothing is 0, <c>avg</c>, <c>min</c> and <c>max</c> of nothing are null.
/// </summary>
internal sealed class GroupByOperation : ITransformOperation
{
    /// <summary>The aggregate functions.</summary>
    public static readonly string[] Functions = ["count", "sum", "avg", "min", "max"];

    private const string Example = "{ \"key\": \"{{ item.region }}\", \"aggregates\": { \"total\": { \"sum\": \"{{ item.total }}\" } } }";

    /// <inheritdoc />
    public string Name => "groupBy";

    /// <inheritdoc />
    public void Validate(JsonElement argument, string path, ICollection<ValidationError> errors)
    {
        if (!TransformChecks.IsObject(argument, path, errors, Example))
        {
            return;
        }

        JsonChecks.RejectUnknown(argument, path, errors, "key", "aggregates", "items");
        TransformChecks.RequiredTemplate(argument, "key", path, errors, "{{ item.region }}");
        if (argument.TryGetProperty("items", out var items) && items.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(new ValidationError($"{path}.items", $"Must be true (list each group's items under \"items\") or false, not {TransformChecks.Shown(items)}."));
        }

        if (!argument.TryGetProperty("aggregates", out var aggregates))
        {
            return;
        }

        if (!TransformChecks.IsObject(aggregates, $"{path}.aggregates", errors, "{ \"total\": { \"sum\": \"{{ item.total }}\" }, \"orders\": { \"count\": true } }"))
        {
            return;
        }

        foreach (var aggregate in aggregates.EnumerateObject())
        {
            ValidateAggregate(aggregate, $"{path}.aggregates", errors);
        }
    }

    /// <inheritdoc />
    public List<JsonElement> Apply(List<JsonElement> items, JsonElement argument, TransformContext context)
    {
        var keys = context.Each(argument.GetProperty("key"), items);
        var groups = new Dictionary<JsonElement, List<int>>(JsonValueComparer.Instance);
        var order = new List<JsonElement>();
        for (var i = 0; i < items.Count; i++)
        {
            if (!groups.TryGetValue(keys[i], out var members))
            {
                groups[keys[i]] = members = [];
                order.Add(keys[i]);
            }

            members.Add(i);
        }

        var aggregates = argument.TryGetProperty("aggregates", out var a)
            ? a.EnumerateObject().Select(p => Aggregate.Create(p, items, context)).ToList()
            : [];
        var withItems = argument.TryGetProperty("items", out var listItems) && listItems.ValueKind == JsonValueKind.True;
        return JsonValues.BuildItems(writer =>
        {
            foreach (var key in order)
            {
                var members = groups[key];
                writer.WriteStartObject();
                writer.WritePropertyName("key");
                key.WriteTo(writer);
                foreach (var aggregate in aggregates)
                {
                    writer.WritePropertyName(aggregate.Name);
                    aggregate.Write(writer, members, context);
                }

                if (withItems)
                {
                    writer.WriteStartArray("items");
                    foreach (var member in members)
                    {
                        items[member].WriteTo(writer);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }
        });
    }

    private static void ValidateAggregate(JsonProperty aggregate, string path, ICollection<ValidationError> errors)
    {
        var at = $"{path}.{aggregate.Name}";
        if (aggregate.Name is "key" or "items")
        {
            errors.Add(new ValidationError(at, $"'{aggregate.Name}' is taken by the group itself; name the aggregate otherwise."));
            return;
        }

        if (aggregate.Value.ValueKind != JsonValueKind.Object || aggregate.Value.GetPropertyCount() != 1)
        {
            errors.Add(new ValidationError(at, $"Must be an object with one aggregate function ({string.Join(", ", Functions)}), such as {{ \"sum\": \"{{{{ item.total }}}}\" }} or {{ \"count\": true }}."));
            return;
        }

        var function = aggregate.Value.EnumerateObject().Single();
        if (!Functions.Contains(function.Name, StringComparer.Ordinal))
        {
            errors.Add(new ValidationError($"{at}.{function.Name}", $"Unknown aggregate function '{function.Name}'. Allowed: {string.Join(", ", Functions)}."));
        }
        else if (function.Name == "count" && function.Value.ValueKind != JsonValueKind.True)
        {
            errors.Add(new ValidationError($"{at}.count", $"Must be true (count counts a group's items), not {TransformChecks.Shown(function.Value)}."));
        }
        else if (function.Name != "count")
        {
            TransformChecks.Template(function.Value, $"{at}.{function.Name}", errors, "{{ item.total }}");
        }
    }

    /// <summary>One aggregate: its values per item are rendered once, then folded per group.</summary>
    private sealed record Aggregate(string Name, string Function, IReadOnlyList<JsonElement> Values)
    {
        public static Aggregate Create(JsonProperty definition, List<JsonElement> items, TransformContext context)
        {
            var function = definition.Value.EnumerateObject().Single();
            var values = function.Name == "count" ? [] : context.Each(function.Value, items);
            return new Aggregate(definition.Name, function.Name, values);
        }

        public void Write(Utf8JsonWriter writer, List<int> members, TransformContext context)
        {
            if (Function == "count")
            {
                writer.WriteNumberValue(members.Count);
                return;
            }

            var present = members.Where(m => Values[m].ValueKind != JsonValueKind.Null).ToList();
            switch (Function)
            {
                case "sum" or "avg":
                    var sum = 0m;
                    foreach (var member in present)
                    {
                        if (!JsonValues.TryGetNumber(Values[member], out var number))
                        {
                            throw context.Error(TransformException.NotANumber,
                                $"aggregate '{Name}' ({Function}) needs numbers, but item {member} gave {JsonValues.Describe(Values[member])}.");
                        }

                        try
                        {
                            sum = checked(sum + number);
                        }
                        catch (OverflowException)
                        {
                            throw context.Error(TransformException.NotANumber, $"aggregate '{Name}' ({Function}) overflowed.");
                        }
                    }

                    if (Function == "sum")
                    {
                        JsonValues.WriteNumber(writer, sum);
                    }
                    else if (present.Count == 0)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        JsonValues.WriteNumber(writer, sum / present.Count);
                    }

                    break;
                default:
                    if (present.Count == 0)
                    {
                        writer.WriteNullValue();
                        break;
                    }

                    var best = Values[present[0]];
                    foreach (var member in present.Skip(1))
                    {
                        var byValue = JsonValueComparer.Instance.Compare(Values[member], best);
                        if (Function == "min" ? byValue < 0 : byValue > 0)
                        {
                            best = Values[member];
                        }
                    }

                    best.WriteTo(writer);
                    break;
            }
        }
    }
}
