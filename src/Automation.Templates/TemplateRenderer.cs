using System.Text.Json;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>
/// Renders JSON templates many times against one scope: the scope is prepared once, and <see cref="RenderEach"/> compiles
/// its template once and renders it per array item with the variables <c>item</c> and <c>index</c>. Templates follow the
/// rules of <see cref="JsonTemplate"/> (typed single expressions, missing data is an error, secrets render placeholders).
/// Not thread-safe: use one renderer per thread.
/// </summary>
public sealed class TemplateRenderer
{
    /// <summary>The variable holding the current array item in <see cref="RenderEach"/>.</summary>
    public const string ItemVariable = "item";

    /// <summary>The variable holding the current item's 0-based position in <see cref="RenderEach"/>.</summary>
    public const string IndexVariable = "index";

    private readonly ScopeValues _values;

    /// <summary>Prepares a scope.</summary>
    /// <param name="scope">The data templates can read.</param>
    public TemplateRenderer(TemplateScope scope)
    {
        _values = new ScopeValues(scope);
    }

    /// <summary>Renders a template once, with extra variables next to the scope (for example <c>result</c>).</summary>
    /// <param name="template">The template.</param>
    /// <param name="variables">Extra variables by name; null for none.</param>
    /// <returns>The rendered value.</returns>
    /// <exception cref="TemplateException">A template string is invalid, fails to render, or references missing data.</exception>
    public JsonElement Render(JsonElement template, IReadOnlyDictionary<string, JsonElement>? variables = null)
    {
        _values.ClearVariables();
        foreach (var (name, value) in variables ?? new Dictionary<string, JsonElement>())
        {
            _values.SetVariable(name, FluidJson.ToFluid(value));
        }

        try
        {
            return FluidJson.Build(writer => JsonTemplate.Render(template, _values, writer));
        }
        finally
        {
            _values.ClearVariables();
        }
    }

    /// <summary>Renders a template once per item, with <c>item</c> set to the item and <c>index</c> to its position.</summary>
    /// <param name="template">The template; compiled once.</param>
    /// <param name="items">The items.</param>
    /// <returns>One rendered value per item, in order.</returns>
    /// <exception cref="TemplateException">The template is invalid, or fails for an item; the message starts with <c>Item n: </c>.</exception>
    public IReadOnlyList<JsonElement> RenderEach(JsonElement template, IReadOnlyList<JsonElement> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var compiled = CompiledJsonTemplate.Compile(template);
        try
        {
            var results = FluidJson.Build(writer =>
            {
                writer.WriteStartArray();
                for (var i = 0; i < items.Count; i++)
                {
                    _values.SetVariable(ItemVariable, FluidJson.ToFluid(items[i]));
                    _values.SetVariable(IndexVariable, NumberValue.Create(i));
                    try
                    {
                        compiled.Write(writer, _values);
                    }
                    catch (TemplateException e)
                    {
                        throw new TemplateException($"Item {i}: {e.Message}", e.Expression, e.MissingPath, e);
                    }
                }

                writer.WriteEndArray();
            });
            return [.. results.EnumerateArray()];
        }
        finally
        {
            _values.ClearVariables();
        }
    }
}
