using Microsoft.OpenApi;

namespace Automation.Api.OpenApi;

/// <summary>Walks the schemas of a generated document, for transformers that fix it up after generation.</summary>
internal static class OpenApiSchemas
{
    /// <summary>Every schema object (not reference) in the components and operations, each once, outer before inner.</summary>
    public static IEnumerable<OpenApiSchema> All(OpenApiDocument document)
    {
        var seen = new HashSet<OpenApiSchema>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<IOpenApiSchema>();
        foreach (var schema in document.Components?.Schemas?.Values ?? [])
        {
            pending.Push(schema);
        }

        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                Push(pending, parameter.Schema);
            }

            foreach (var media in (operation.RequestBody?.Content?.Values ?? []).Concat((operation.Responses?.Values.AsEnumerable() ?? []).SelectMany(r => r.Content?.Values ?? [])))
            {
                Push(pending, media.Schema);
            }
        }

        while (pending.TryPop(out var next))
        {
            if (next is not OpenApiSchema schema || !seen.Add(schema))
            {
                continue;
            }

            yield return schema;
            foreach (var inner in (schema.Properties?.Values ?? []).Concat(schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? []))
            {
                pending.Push(inner);
            }

            Push(pending, schema.Items);
            Push(pending, schema.AdditionalProperties);
        }
    }

    private static void Push(Stack<IOpenApiSchema> pending, IOpenApiSchema? schema)
    {
        if (schema is not null)
        {
            pending.Push(schema);
        }
    }
}
