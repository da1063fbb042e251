using System.Diagnostics.CodeAnalysis;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>A fixed set of named Fluid values, used for <c>steps</c> and <c>workflow</c> in the template scope.</summary>
internal sealed class NamedValuesMapValue : TemplateMapValue
{
    private readonly IReadOnlyDictionary<string, FluidValue> _values;

    /// <summary>Creates the map.</summary>
    /// <param name="values">The members.</param>
    public NamedValuesMapValue(IReadOnlyDictionary<string, FluidValue> values)
    {
        _values = values;
    }

    /// <inheritdoc />
    public override int Count => _values.Count;

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, FluidValue>> Members => _values;

    /// <inheritdoc />
    public override bool TryGetMember(string name, [NotNullWhen(true)] out FluidValue? value) =>
        _values.TryGetValue(name, out value);
}
