using System.Text.RegularExpressions;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Definitions;
using Automation.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary><c>/api/v1/definitions</c>: register and read workflow definitions.</summary>
internal static partial class DefinitionsApi
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex NamePattern();

    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapDefinitionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/definitions").WithTags("Definitions")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPut("/{name}", PutDefinitionAsync).WithName("PutDefinition")
            .WithSummary("Registers a new immutable version of a definition.")
            .Accepts<object>("application/json")
            .Produces<DefinitionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/", ListDefinitionsAsync).WithName("ListDefinitions").WithSummary("Lists every definition with its latest version.");
        group.MapGet("/{name}", GetLatestAsync).WithName("GetDefinition").WithSummary("Reads the latest version of a definition.")
            .Produces<DefinitionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/versions/{version:int}", GetVersionAsync).WithName("GetDefinitionVersion").WithSummary("Reads one version of a definition.")
            .Produces<DefinitionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> PutDefinitionAsync(string name, HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        if (!NamePattern().IsMatch(name))
        {
            return Problems.Validation("name", $"'{name}' is not a valid definition name: use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters.");
        }

        var (document, problem) = await RequestJson.ReadAsync(http);
        if (problem is not null)
        {
            return problem;
        }

        var result = await calls.RunAsync(() => grains.GetGrain<IDefinitionGrain>(name).RegisterAsync(document), http.RequestAborted);
        if (result.Definition is null)
        {
            return Problems.Validation(result.Errors.Select(e => (e.Path, e.Message)));
        }

        var d = result.Definition;
        return TypedResults.Created($"/api/v1/definitions/{d.Name}/versions/{d.Version}", DefinitionResponse.From(d));
    }

    private static async Task<Ok<DefinitionListResponse>> ListDefinitionsAsync(IDefinitionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new DefinitionListResponse(await store.ListAsync(cancellationToken)));

    private static Task<IResult> GetLatestAsync(string name, IGrainFactory grains, ClusterCalls calls, CancellationToken cancellationToken) =>
        GetAsync(name, null, grains, calls, cancellationToken);

    private static Task<IResult> GetVersionAsync(string name, int version, IGrainFactory grains, ClusterCalls calls, CancellationToken cancellationToken) =>
        GetAsync(name, version, grains, calls, cancellationToken);

    private static async Task<IResult> GetAsync(string name, int? version, IGrainFactory grains, ClusterCalls calls, CancellationToken cancellationToken)
    {
        if (!NamePattern().IsMatch(name))
        {
            return Problems.NotFound($"No definition named '{name}'.");
        }

        var definition = await calls.RunAsync(() => grains.GetGrain<IDefinitionGrain>(name).GetAsync(version), cancellationToken);
        return definition is null
            ? Problems.NotFound(version is null ? $"No definition named '{name}'." : $"Definition '{name}' has no version {version}.")
            : TypedResults.Ok(DefinitionResponse.From(definition));
    }
}
