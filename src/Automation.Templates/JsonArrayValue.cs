using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>A JSON array seen by a template; it renders as compact JSON and tells a missing index from a null item.</summary>
internal sealed class JsonArrayValue : FluidValue
{
    private FluidValue[]? _items;

    /// <summary>Wraps a JSON array.</summary>
    /// <param name="element">A JSON value of kind <see cref="JsonValueKind.Array"/>.</param>
    public JsonArrayValue(JsonElement element)
    {
        Element = element;
    }

    /// <summary>The wrapped JSON array.</summary>
    public JsonElement Element { get; }

    /// <summary>The items, wrapped as Fluid values.</summary>
    public IReadOnlyList<FluidValue> Items => _items ??= [.. Element.EnumerateArray().Select(FluidJson.ToFluid)];

    /// <inheritdoc />
    public override FluidValues Type => FluidValues.Array;

    /// <summary>Gets the item at a position; a negative position counts from the end.</summary>
    /// <param name="index">The position.</param>
    /// <param name="value">The item, when the position exists.</param>
    /// <returns>Whether the position exists.</returns>
    public bool TryGetItem(int index, [NotNullWhen(true)] out FluidValue? value)
    {
        var items = Items;
        var position = index < 0 ? items.Count + index : index;
        if (position >= 0 && position < items.Count)
        {
            value = items[position];
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Resolves the Liquid array properties <c>size</c>, <c>first</c> and <c>last</c>.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value, when it exists (<c>first</c> and <c>last</c> do not exist on an empty array).</param>
    /// <returns>Whether the property exists.</returns>
    public bool TryResolve(string name, [NotNullWhen(true)] out FluidValue? value)
    {
        switch (name)
        {
            case "size":
                value = NumberValue.Create(Items.Count);
                return true;
            case "first":
                return TryGetItem(0, out value);
            case "last":
                return TryGetItem(-1, out value);
            default:
                value = null;
                return false;
        }
    }

    /// <summary>Resolves an indexer: a number selects an item, a string a property such as <c>size</c>.</summary>
    /// <param name="index">The index value.</param>
    /// <param name="value">The value, when it exists.</param>
    /// <returns>Whether it exists.</returns>
    public bool TryResolveIndex(FluidValue index, [NotNullWhen(true)] out FluidValue? value)
    {
        if (index.Type == FluidValues.Number)
        {
            var number = index.ToNumberValue();
            if (number == decimal.Truncate(number) && number >= int.MinValue && number <= int.MaxValue)
            {
                return TryGetItem((int)number, out value);
            }

            value = null;
            return false;
        }

        return TryResolve(index.ToStringValue(), out value);
    }

    /// <inheritdoc />
    public override ValueTask<FluidValue> GetValueAsync(string name, TemplateContext context) =>
        TryResolve(name, out var value) ? value : NilValue.Instance;

    /// <inheritdoc />
    public override ValueTask<FluidValue> GetIndexAsync(FluidValue index, TemplateContext context) =>
        TryResolveIndex(index, out var value) ? value : NilValue.Instance;

    /// <inheritdoc />
    public override IEnumerable<FluidValue> Enumerate(TemplateContext context) => Items;

    /// <inheritdoc />
    public override bool Contains(FluidValue value) => Items.Any(item => item.Equals(value));

    /// <inheritdoc />
    public override bool Equals(FluidValue other) =>
        other is JsonArrayValue json && JsonElement.DeepEquals(Element, json.Element);

    /// <inheritdoc />
    public override bool ToBooleanValue() => true;

    /// <inheritdoc />
    public override decimal ToNumberValue() => Items.Count;

    /// <inheritdoc />
    public override string ToStringValue() => FluidJson.ToJsonString(this);

    /// <inheritdoc />
    public override object ToObjectValue() => ToStringValue();

    /// <inheritdoc />
    public override ValueTask WriteToAsync(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo)
    {
        encoder.Encode(writer, ToStringValue());
        return default;
    }
}
