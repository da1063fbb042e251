using System.Text.Json;

namespace Automation.Templates;

/// <summary>
/// A JSON template prepared once for many renders: template strings are compiled up front and parts without templates
/// are copied as they are, so rendering it per array item does no parsing and no cache look-ups.
/// </summary>
internal abstract class CompiledJsonTemplate
{
    /// <summary>Prepares a template.</summary>
    /// <param name="template">The JSON template.</param>
    /// <returns>The prepared template.</returns>
    public static CompiledJsonTemplate Compile(JsonElement template)
    {
        switch (template.ValueKind)
        {
            case JsonValueKind.Object when HasTemplates(template):
                return new ObjectNode([.. template.EnumerateObject().Select(p => (p.Name, Compile(p.Value)))]);
            case JsonValueKind.Array when HasTemplates(template):
                return new ArrayNode([.. template.EnumerateArray().Select(Compile)]);
            case JsonValueKind.String when TemplateCompiler.IsTemplate(template.GetString()!):
                return new StringNode(TemplateCompiler.Get(template.GetString()!));
            default:
                return new LiteralNode(template.Clone());
        }
    }

    /// <summary>Writes the rendered value.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="values">The scope and variables.</param>
    public abstract void Write(Utf8JsonWriter writer, ScopeValues values);

    private static bool HasTemplates(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().Any(p => HasTemplates(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Any(HasTemplates),
        JsonValueKind.String => TemplateCompiler.IsTemplate(value.GetString()!),
        _ => false,
    };

    private sealed class LiteralNode(JsonElement value) : CompiledJsonTemplate
    {
        public override void Write(Utf8JsonWriter writer, ScopeValues values) => value.WriteTo(writer);
    }

    private sealed class StringNode(CompiledTemplate template) : CompiledJsonTemplate
    {
        public override void Write(Utf8JsonWriter writer, ScopeValues values) => JsonTemplate.RenderString(template, values, writer);
    }

    private sealed class ObjectNode((string Name, CompiledJsonTemplate Value)[] members) : CompiledJsonTemplate
    {
        public override void Write(Utf8JsonWriter writer, ScopeValues values)
        {
            writer.WriteStartObject();
            foreach (var (name, value) in members)
            {
                writer.WritePropertyName(name);
                value.Write(writer, values);
            }

            writer.WriteEndObject();
        }
    }

    private sealed class ArrayNode(CompiledJsonTemplate[] items) : CompiledJsonTemplate
    {
        public override void Write(Utf8JsonWriter writer, ScopeValues values)
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                item.Write(writer, values);
            }

            writer.WriteEndArray();
        }
    }
}
