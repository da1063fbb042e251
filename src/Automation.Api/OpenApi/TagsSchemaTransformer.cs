using Automation.Api.Contracts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Automation.Api.OpenApi;

/// <summary>
/// States the tag rule on the items of <c>StartWorkflowRequest.tags</c>: data annotations reach the list, not its
/// strings, and the server refuses a tag that does not match.
/// </summary>
internal sealed class TagsSchemaTransformer : IOpenApiSchemaTransformer
{
    /// <inheritdoc />
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(StartWorkflowRequest) && schema.Properties?.TryGetValue("tags", out var tags) == true && tags is OpenApiSchema array)
        {
            array.Items = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = ResourceNames.TagPattern, MinLength = 1, MaxLength = 64 };
            array.UniqueItems = true;
        }

        return Task.CompletedTask;
    }
}
