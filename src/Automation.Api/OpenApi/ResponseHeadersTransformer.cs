using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Automation.Api.OpenApi;

/// <summary>
/// Declares the headers the API always sends: <c>Location</c> on 201 and 202, <c>WWW-Authenticate</c> on 401,
/// <c>Retry-After</c> on 429 and 503.
/// </summary>
internal sealed class ResponseHeadersTransformer : IOpenApiOperationTransformer
{
    /// <inheritdoc />
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            if (status is "201" or "202")
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Location"] = new OpenApiHeader
                {
                    Description = status == "201" ? "The path of the created resource." : "The path to poll for the accepted operation's progress.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                };
            }
            else if (status == "401")
            {
                concrete.Description = "No credential, or an invalid, expired or revoked one.";
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["WWW-Authenticate"] = new OpenApiHeader
                {
                    Description = "The scheme to authenticate with (Bearer, or ApiKey when an API key was refused).",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
            else if (status == "403")
            {
                concrete.Description = "Authenticated, but without the permission this operation needs.";
            }
            else if (status == "429")
            {
                concrete.Description = "Too many requests from this caller (or, on the sign-in endpoints, this address). Retry after the given delay.";
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
                };
            }
            else if (status == "503")
            {
                concrete.Description = "The cluster (even after retries) or the database is unavailable. The request is safe to repeat; retry after the given delay.";
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
                };
            }
        }

        return Task.CompletedTask;
    }
}
