using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;

namespace Automation.Api.OpenApi;

/// <summary>Registers the OpenAPI document and the transformers that make it agree with the server.</summary>
internal static class ServiceCollectionOpenApiExtensions
{
    /// <summary>Adds the <c>v1</c> document served at <c>/openapi/v1.json</c>.</summary>
    public static IServiceCollection AddAutomationOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            // "Any JSON" values are inlined as {} rather than a component named after a .NET type.
            o.CreateSchemaReferenceId = type => type.Type == typeof(JsonElement) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            o.AddSchemaTransformer<EnumSchemaTransformer>();
            o.AddSchemaTransformer<TagsSchemaTransformer>();
            o.AddOperationTransformer<ResponseHeadersTransformer>();
            o.AddOperationTransformer<SecuritySchemesTransformer>();
            o.AddDocumentTransformer<SecuritySchemesTransformer>();
            o.AddDocumentTransformer<DocumentInfoTransformer>();
            o.AddDocumentTransformer<PolymorphicSchemaTransformer>();
            o.AddDocumentTransformer<AnyJsonSchemaTransformer>();
            o.AddDocumentTransformer<ProblemSchemasTransformer>();
        });
}
