using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>A JSON object seen by a template; members are wrapped on access.</summary>
internal sealed class JsonObjectValue : TemplateMapValue
{
    private int _count = -1;

    /// <summary>Wraps a JSON object.</summary>
    /// <param name="element">A JSON value of kind <see cref="JsonValueKind.Object"/>.</param>
    public JsonObjectValue(JsonElement element)
    {
        Element = element;
    }

    /// <summary>The wrapped JSON object.</summary>
    public JsonElement Element { get; }

    /// <inheritdoc />
    public override int Count => _count >= 0 ? _count : _count = Element.GetPropertyCount();

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, FluidValue>> Members =>
        Element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, FluidJson.ToFluid(p.Value)));

    /// <inheritdoc />
    public override bool TryGetMember(string name, [NotNullWhen(true)] out FluidValue? value)
    {
        if (Element.TryGetProperty(name, out var member))
        {
            value = FluidJson.ToFluid(member);
            return true;
        }

        value = null;
        return false;
    }

    /// <inheritdoc />
    public override bool Equals(FluidValue other) =>
        other is JsonObjectValue json && JsonElement.DeepEquals(Element, json.Element);

    /// <inheritdoc />
    public override string ToStringValue() => FluidJson.ToJsonString(this);
}
