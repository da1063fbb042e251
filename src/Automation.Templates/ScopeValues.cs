using Fluid;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>
/// The scope as Fluid values, built once and shared by the template strings of one render (or of many renders, one per
/// array item): <c>input</c>, <c>steps</c> and <c>workflow</c>, plus variables that change between renders (<c>item</c>...).
/// </summary>
internal sealed class ScopeValues
{
    private readonly FluidValue _input;
    private readonly FluidValue _steps;
    private readonly FluidValue _workflow;
    private readonly Dictionary<string, FluidValue> _variables = new(StringComparer.Ordinal);

    /// <summary>Wraps a scope; JSON values are wrapped lazily, not copied.</summary>
    /// <param name="scope">The scope.</param>
    public ScopeValues(TemplateScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        _input = FluidJson.ToFluid(scope.Input);
        _steps = new StepOutputsMapValue(scope.StepOutputs);
        _workflow = new NamedValuesMapValue(new Dictionary<string, FluidValue>(StringComparer.Ordinal)
        {
            ["id"] = new StringValue(scope.WorkflowId),
            ["definition"] = new StringValue(scope.Definition),
            ["version"] = NumberValue.Create(scope.Version),
        });
    }

    /// <summary>How often the renders evaluated each secret reference.</summary>
    public SecretUses SecretUses { get; } = new();

    /// <summary>Sets a variable that the next contexts see next to the scope, such as <c>item</c>.</summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="value">Its value.</param>
    public void SetVariable(string name, FluidValue value) => _variables[name] = value;

    /// <summary>Removes every variable set with <see cref="SetVariable"/>.</summary>
    public void ClearVariables() => _variables.Clear();

    /// <summary>A fresh context per template string, so that <c>assign</c> in one string never leaks into another.</summary>
    /// <returns>The context.</returns>
    public TemplateContext CreateContext()
    {
        var context = new TemplateContext(TemplateCompiler.Options);
        context.AmbientValues[SecretReferenceExpression.UsesKey] = SecretUses;
        context.SetValue("input", _input);
        context.SetValue("steps", _steps);
        context.SetValue("workflow", _workflow);
        foreach (var (name, value) in _variables)
        {
            context.SetValue(name, value);
        }

        return context;
    }
}
