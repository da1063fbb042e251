using System.Text.Json;
using System.Text.RegularExpressions;
using Automation.Definitions;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>
/// Renders JSON templates: any JSON value whose strings are Liquid templates. Objects and arrays are rendered member by member
/// (property names are not templates); a string that is a single <c>{{ ... }}</c> keeps the JSON type of its value; other
/// template strings render to strings. Referencing data that does not exist fails, unless the <c>default</c> filter handles it.
/// <c>{{ secrets.NAME }}</c> renders the secret's placeholder (<see cref="Automation.Secrets.SecretPlaceholders"/>), never its value.
/// </summary>
public static partial class JsonTemplate
{
    /// <summary>Renders a template against a scope.</summary>
    /// <param name="template">The template.</param>
    /// <param name="scope">The data the template can read.</param>
    /// <returns>The rendered JSON value.</returns>
    /// <exception cref="TemplateException">A template string is invalid, fails to render, or references missing data.</exception>
    public static JsonElement Render(JsonElement template, TemplateScope scope) => Render(template, new ScopeValues(scope));

    /// <summary>
    /// Renders a step's arguments: like <see cref="Render(JsonElement, TemplateScope)"/>, and also fails when the result holds
    /// more placeholders of a secret than the template itself wrote, that is, placeholders that came in with workflow
    /// data (the input, a step output). So data can never send a secret somewhere the definition did not put it.
    /// </summary>
    /// <param name="template">The step's <c>with</c>.</param>
    /// <param name="scope">The data the template can read.</param>
    /// <returns>The rendered JSON value.</returns>
    /// <exception cref="TemplateException">A template string is invalid, fails to render, references missing data, or data carried a secret placeholder in.</exception>
    public static JsonElement RenderStepArguments(JsonElement template, TemplateScope scope) => RenderStepArguments(template, scope, null);

    /// <summary>
    /// Renders a step's arguments like <see cref="RenderStepArguments(JsonElement, TemplateScope)"/>, except the named top-level
    /// properties, which are copied as written: their templates are rendered later by the step kind (for example once per
    /// array item, with variables of its own).
    /// </summary>
    /// <param name="template">The step's <c>with</c>.</param>
    /// <param name="scope">The data the template can read.</param>
    /// <param name="rawProperties">The top-level properties of <paramref name="template"/> to copy as written; null or empty for none.</param>
    /// <returns>The rendered JSON value.</returns>
    /// <exception cref="TemplateException">A template string is invalid, fails to render, references missing data, or data carried a secret placeholder in.</exception>
    public static JsonElement RenderStepArguments(JsonElement template, TemplateScope scope, IReadOnlySet<string>? rawProperties)
    {
        var values = new ScopeValues(scope);
        var rendered = rawProperties is { Count: > 0 } && template.ValueKind == JsonValueKind.Object
            ? RenderExcept(template, values, rawProperties)
            : Render(template, values);
        foreach (var (name, count) in Automation.Secrets.SecretPlaceholders.Count(rendered))
        {
            if (count > values.SecretUses[name])
            {
                throw TemplateException.ForeignSecret(Automation.Secrets.SecretPlaceholders.Format(name), name);
            }
        }

        return rendered;
    }

    private static JsonElement Render(JsonElement template, ScopeValues values)
    {
        if (template.ValueKind == JsonValueKind.Undefined)
        {
            return template;
        }

        return FluidJson.Build(writer => Render(template, values, writer));
    }

    private static JsonElement RenderExcept(JsonElement template, ScopeValues values, IReadOnlySet<string> rawProperties) =>
        FluidJson.Build(writer =>
        {
            writer.WriteStartObject();
            foreach (var property in template.EnumerateObject())
            {
                writer.WritePropertyName(property.Name);
                if (rawProperties.Contains(property.Name))
                {
                    property.Value.WriteTo(writer);
                }
                else
                {
                    Render(property.Value, values, writer);
                }
            }

            writer.WriteEndObject();
        });

    /// <summary>Whether a string is a valid template made of exactly one <c>{{ ... }}</c> expression, whose value keeps its JSON type.</summary>
    /// <param name="text">The string.</param>
    /// <returns><see langword="true"/> when it is; <see langword="false"/> for plain text, several outputs, tags or a syntax error.</returns>
    public static bool IsSingleExpression(string text) =>
        TemplateCompiler.IsTemplate(text) && TemplateCompiler.Get(text).SingleExpression is not null;

    /// <summary>Checks every template string for syntax errors.</summary>
    /// <param name="template">The template.</param>
    /// <param name="jsonPath">The JSON path of <paramref name="template"/>, for example <c>$.steps[0].with</c>.</param>
    /// <param name="errors">Where to add an error per invalid template string, located by its JSON path.</param>
    public static void Validate(JsonElement template, string jsonPath, ICollection<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (template.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in template.EnumerateObject())
                {
                    Validate(property.Value, ChildPath(jsonPath, property.Name), errors);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in template.EnumerateArray())
                {
                    Validate(item, $"{jsonPath}[{index++}]", errors);
                }

                break;
            case JsonValueKind.String:
                var text = template.GetString()!;
                if (TemplateCompiler.IsTemplate(text) && TemplateCompiler.Get(text).Error is { } error)
                {
                    errors.Add(new ValidationError(jsonPath, $"Invalid template: {error}"));
                }

                break;
        }
    }

    /// <summary>Lists the step ids referenced as <c>steps.&lt;id&gt;</c> or <c>steps["&lt;id&gt;"]</c> by the template strings.</summary>
    /// <param name="template">The template.</param>
    /// <returns>The step ids; invalid template strings are skipped (<see cref="Validate"/> reports them).</returns>
    public static IReadOnlySet<string> ReferencedSteps(JsonElement template)
    {
        var steps = new HashSet<string>(StringComparer.Ordinal);
        VisitTemplates(template, compiled => steps.UnionWith(compiled.ReferencedSteps));
        return steps;
    }

    private static void VisitTemplates(JsonElement template, Action<CompiledTemplate> visit)
    {
        switch (template.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in template.EnumerateObject())
                {
                    VisitTemplates(property.Value, visit);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in template.EnumerateArray())
                {
                    VisitTemplates(item, visit);
                }

                break;
            case JsonValueKind.String:
                var text = template.GetString()!;
                if (TemplateCompiler.IsTemplate(text))
                {
                    visit(TemplateCompiler.Get(text));
                }

                break;
        }
    }

    internal static void Render(JsonElement template, ScopeValues values, Utf8JsonWriter writer)
    {
        switch (template.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in template.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Render(property.Value, values, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in template.EnumerateArray())
                {
                    Render(item, values, writer);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                var text = template.GetString()!;
                if (TemplateCompiler.IsTemplate(text))
                {
                    RenderString(TemplateCompiler.Get(text), values, writer);
                }
                else
                {
                    writer.WriteStringValue(text);
                }

                break;
            default:
                template.WriteTo(writer);
                break;
        }
    }

    internal static void RenderString(CompiledTemplate compiled, ScopeValues values, Utf8JsonWriter writer)
    {
        if (compiled.Template is null)
        {
            throw TemplateException.Invalid(compiled.Source, compiled.Error ?? "The template could not be parsed.");
        }

        try
        {
            var context = values.CreateContext();
            if (compiled.SingleExpression is { } expression)
            {
                FluidJson.Write(writer, Wait(expression.EvaluateAsync(context)));
                return;
            }

            using var output = new StringWriter();
            var task = compiled.Template.RenderAsync(output, NullEncoder.Default, context);
            if (!task.IsCompletedSuccessfully)
            {
                task.AsTask().GetAwaiter().GetResult();
            }

            writer.WriteStringValue(output.ToString());
        }
        catch (TemplateException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw TemplateException.Failed(compiled.Source, e);
        }
    }

    private static FluidValue Wait(ValueTask<FluidValue> task) =>
        task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static string ChildPath(string path, string name) =>
        SimpleName().IsMatch(name) ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SimpleName();
}
