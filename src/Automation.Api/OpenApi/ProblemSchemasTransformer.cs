using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Automation.Api.OpenApi;

/// <summary>
/// Completes the RFC 9457 problem schemas: every 400 carries <c>errors</c> (field name or JSON path to messages), and
/// every problem carries the request's <c>traceId</c>.
/// </summary>
internal sealed class ProblemSchemasTransformer : IOpenApiDocumentTransformer
{
    /// <inheritdoc />
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is not null && schemas.TryGetValue("ProblemDetails", out var p) && p is OpenApiSchema problem)
        {
            problem.Description = "An RFC 9457 problem: what went wrong (title, detail) and the HTTP status.";
            AddTraceId(problem);
        }

        if (schemas is not null && schemas.TryGetValue("HttpValidationProblemDetails", out var v) && v is OpenApiSchema validation)
        {
            validation.Description = "An RFC 9457 problem for a request that is invalid: every mistake, keyed by parameter name or JSON path into the body.";
            validation.Required ??= new HashSet<string>();
            validation.Required.Add("errors");
            if (validation.Properties is not null && validation.Properties.TryGetValue("errors", out var e) && e is OpenApiSchema errors)
            {
                errors.Description = "Messages keyed by parameter name (name, workflowId, wait, status, limit, …) or JSON path into the body ($.definition, $.steps[0].with.url).";
            }

            AddTraceId(validation);
        }

        return Task.CompletedTask;
    }

    private static void AddTraceId(OpenApiSchema schema)
    {
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The W3C trace id of the request." };
    }
}
