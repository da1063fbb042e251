using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>
/// A Fluid value with named members (a JSON object or the template scope), that can tell a missing member
/// from one whose value is null, and that renders as compact JSON.
/// </summary>
internal abstract class TemplateMapValue : FluidValue
{
    /// <summary>The number of members.</summary>
    public abstract int Count { get; }

    /// <summary>The members, in order.</summary>
    public abstract IEnumerable<KeyValuePair<string, FluidValue>> Members { get; }

    /// <inheritdoc />
    public override FluidValues Type => FluidValues.Dictionary;

    /// <summary>Looks a member up by name.</summary>
    /// <param name="name">The member name.</param>
    /// <param name="value">The member's value, when it exists (JSON null is a <see cref="NilValue"/>).</param>
    /// <returns>Whether the member exists.</returns>
    public abstract bool TryGetMember(string name, [NotNullWhen(true)] out FluidValue? value);

    /// <summary>Resolves <c>name</c> the way Liquid does: a member, else the <c>size</c> of the map.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value found.</param>
    /// <returns>Whether something was found.</returns>
    public bool TryResolve(string name, [NotNullWhen(true)] out FluidValue? value)
    {
        if (TryGetMember(name, out value))
        {
            return true;
        }

        if (name == "size")
        {
            value = NumberValue.Create(Count);
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public override bool Equals(FluidValue other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override bool ToBooleanValue() => true;

    /// <inheritdoc />
    public override decimal ToNumberValue() => Count;

    /// <inheritdoc />
    public override string ToStringValue() => FluidJson.ToJsonString(this);

    /// <inheritdoc />
    public override object ToObjectValue() => ToStringValue();

    /// <inheritdoc />
    public override ValueTask<FluidValue> GetValueAsync(string name, TemplateContext context) =>
        TryResolve(name, out var value) ? value : NilValue.Instance;

    /// <inheritdoc />
    public override ValueTask<FluidValue> GetIndexAsync(FluidValue index, TemplateContext context) =>
        TryGetMember(index.ToStringValue(), out var value) ? value : NilValue.Instance;

    /// <inheritdoc />
    public override bool Contains(FluidValue value) => TryGetMember(value.ToStringValue(), out _);

    /// <inheritdoc />
    public override IEnumerable<FluidValue> Enumerate(TemplateContext context) =>
        Members.Select(member => new ArrayValue([new StringValue(member.Key), member.Value]));

    /// <inheritdoc />
    public override ValueTask WriteToAsync(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo)
    {
        encoder.Encode(writer, ToStringValue());
        return default;
    }
}
