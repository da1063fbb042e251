using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>
/// <c>steps</c> in the template scope: each completed step as <c>{ output }</c>, wrapped when a template first reads it
/// (a render reads one or two of them, and a long workflow has many) and kept, so a step read twice is the same value.
/// </summary>
internal sealed class StepOutputsMapValue : TemplateMapValue
{
    private readonly IReadOnlyDictionary<string, JsonElement> _outputs;
    private Dictionary<string, FluidValue>? _wrapped;

    /// <summary>Wraps the step outputs by step id.</summary>
    /// <param name="outputs">The outputs.</param>
    public StepOutputsMapValue(IReadOnlyDictionary<string, JsonElement> outputs)
    {
        _outputs = outputs;
    }

    /// <inheritdoc />
    public override int Count => _outputs.Count;

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, FluidValue>> Members =>
        _outputs.Select(output => KeyValuePair.Create(output.Key, Wrap(output.Key, output.Value)));

    /// <inheritdoc />
    public override bool TryGetMember(string name, [NotNullWhen(true)] out FluidValue? value)
    {
        if (_outputs.TryGetValue(name, out var output))
        {
            value = Wrap(name, output);
            return true;
        }

        value = null;
        return false;
    }

    private FluidValue Wrap(string name, JsonElement output)
    {
        _wrapped ??= new Dictionary<string, FluidValue>(StringComparer.Ordinal);
        if (!_wrapped.TryGetValue(name, out var value))
        {
            value = new NamedValuesMapValue(new Dictionary<string, FluidValue>(1, StringComparer.Ordinal)
            {
                ["output"] = FluidJson.ToFluid(output),
            });
            _wrapped[name] = value;
        }

        return value;
    }
}
