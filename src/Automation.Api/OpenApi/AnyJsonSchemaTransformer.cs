using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Automation.Api.OpenApi;

/// <summary>
/// Describes "any JSON" values (<c>JsonElement</c>, also when nullable) as the empty schema <c>{}</c>, which accepts
/// every JSON value including <c>null</c>. The generator emits <c>oneOf: [{type: null}, {$ref: JsonElement}]</c> for
/// a nullable one, and since <c>null</c> matches both branches, every <c>null</c> failed validation.
/// </summary>
internal sealed class AnyJsonSchemaTransformer : IOpenApiDocumentTransformer
{
    private const string JsonElementId = "JsonElement";

    /// <inheritdoc />
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in OpenApiSchemas.All(document))
        {
            if (schema.Properties is { } properties)
            {
                foreach (var (name, property) in properties.ToList())
                {
                    properties[name] = Simplify(property);
                }
            }

            if (schema.Items is { } items)
            {
                schema.Items = Simplify(items);
            }
        }

        document.Components?.Schemas?.Remove(JsonElementId);
        return Task.CompletedTask;
    }

    private static IOpenApiSchema Simplify(IOpenApiSchema schema)
    {
        if (IsJsonElement(schema))
        {
            return new OpenApiSchema { Description = schema.Description };
        }

        if (schema is OpenApiSchema { OneOf: [var first, var second] } && (IsNull(first) || IsNull(second)) && IsJsonElement(IsNull(first) ? second : first))
        {
            return new OpenApiSchema { Description = schema.Description ?? (IsNull(first) ? second : first).Description };
        }

        return schema;
    }

    private static bool IsJsonElement(IOpenApiSchema schema) => schema is OpenApiSchemaReference { Reference.Id: JsonElementId };

    private static bool IsNull(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };
}
