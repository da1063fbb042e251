using Automation.Api.Contracts;
using Automation.Secrets;
using Microsoft.OpenApi;

namespace Automation.Api.OpenApi;

/// <summary>OpenAPI conventions for the API's endpoints, beside what the handlers' result types already state.</summary>
internal static class RouteHandlerBuilderOpenApiExtensions
{
    /// <summary>Declares the 503 (with <c>Retry-After</c>) that an endpoint answers when the cluster or the database is unavailable.</summary>
    public static RouteHandlerBuilder ProducesClusterUnavailable(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>Declares a JSON request body of type <typeparamref name="T"/> and the 413 and 415 problems of reading it.</summary>
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder)
        where T : notnull =>
        builder.Accepts<T>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>States the shape of the <c>{name}</c> route parameter.</summary>
    public static RouteHandlerBuilder WithDefinitionName(this RouteHandlerBuilder builder) =>
        builder.WithParameterSchema("name", ParameterSchemas.Pattern(ResourceNames.DefinitionNamePattern, 128));

    /// <summary>States the shape of the <c>{name}</c> route parameter of a secret.</summary>
    public static RouteHandlerBuilder WithSecretName(this RouteHandlerBuilder builder) =>
        builder.WithParameterSchema("name", ParameterSchemas.Pattern(ResourceNames.SecretNamePattern, SecretNames.MaxLength));

    /// <summary>States the shape of the <c>{name}</c> route parameter of a channel.</summary>
    public static RouteHandlerBuilder WithChannelName(this RouteHandlerBuilder builder) =>
        builder.WithParameterSchema("name", ParameterSchemas.Pattern(Automation.Notifications.ChannelNames.Pattern, Automation.Notifications.ChannelNames.MaxLength));

    /// <summary>States the shape of the <c>{workflowId}</c> route parameter.</summary>
    public static RouteHandlerBuilder WithWorkflowId(this RouteHandlerBuilder builder) =>
        builder.WithParameterSchema("workflowId", ParameterSchemas.Pattern(ResourceNames.WorkflowIdPattern, 200));

    /// <summary>Replaces the generated schema of one parameter.</summary>
    public static RouteHandlerBuilder WithParameterSchema(this RouteHandlerBuilder builder, string name, Func<OpenApiDocument?, IOpenApiSchema> schema) =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            var parameter = operation.Parameters?.OfType<OpenApiParameter>().SingleOrDefault(p => p.Name == name)
                ?? throw new InvalidOperationException($"Operation {operation.OperationId} has no parameter '{name}'.");
            parameter.Schema = schema(context.Document);
            return Task.CompletedTask;
        });
}
