using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Definitions;
using Automation.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary><c>/api/v1/definitions</c>: register and read workflow definitions.</summary>
internal static partial class DefinitionsApi
{
    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapDefinitionsApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/definitions").WithTags("Definitions");
        group.MapPut("/{name}", PutAsync).WithName("PutDefinition")
            .WithSummary("Registers a new immutable version of a definition.")
            .WithDescription("201 with the new version; 200 with the latest version, and nothing stored, when the document is identical to it (and it is not deprecated), so a retried or repeated registration never adds a version.")
            .Accepts<JsonElement>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithDefinitionName();
        group.MapGet("/", ListAsync).WithName("ListDefinitions").WithSummary("Lists every definition with its latest version.")
            .ProducesClusterUnavailable();
        group.MapGet("/{name}", GetLatestAsync).WithName("GetDefinition").WithSummary("Reads the latest version of a definition.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithDefinitionName();
        group.MapGet("/{name}/versions/{version}", GetVersionAsync).WithName("GetDefinitionVersion").WithSummary("Reads one version of a definition.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithDefinitionName()
            .WithParameterSchema("version", ParameterSchemas.PositiveInteger());
        group.MapVersionsApi();
        group.MapValidateApi();
        return group;
    }

    private static async Task<Results<Created<DefinitionResponse>, Ok<DefinitionResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        [Description("The definition name.")] string name, HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        if (!ResourceNames.IsDefinitionName(name))
        {
            return Problems.InvalidDefinitionName("name", name);
        }

        if (!http.User.Allows(Permissions.DefinitionsWrite, name))
        {
            return Problems.NotForDefinition(Permissions.DefinitionsWrite, name);
        }

        var body = await RequestJson.ReadAsync(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var result = await calls.RunAsync(() => grains.GetGrain<IDefinitionGrain>(name).RegisterAsync(body.Value, http.User.Actor()), http.RequestAborted);
        if (result.Definition is not { } d)
        {
            return Problems.Validation(result.Errors.Select(e => (e.Path, e.Message)));
        }

        if (result.Unchanged)
        {
            return TypedResults.Ok(DefinitionResponse.From(d));
        }

        return TypedResults.Created($"/api/v1/definitions/{d.Name}/versions/{d.Version}", DefinitionResponse.From(d));
    }

    private static async Task<Ok<DefinitionListResponse>> ListAsync(IDefinitionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new DefinitionListResponse([.. (await store.ListAsync(cancellationToken)).Select(Contracts.DefinitionSummary.From)]));

    private static Task<Results<Ok<DefinitionResponse>, ValidationProblem, ProblemHttpResult>> GetLatestAsync(
        [Description("The definition name.")] string name, HttpContext http, IGrainFactory grains, ClusterCalls calls, CancellationToken cancellationToken) =>
        GetAsync(name, null, http, grains, calls, cancellationToken);

    private static async Task<Results<Ok<DefinitionResponse>, ValidationProblem, ProblemHttpResult>> GetVersionAsync(
        [Description("The definition name.")] string name,
        [Description("The version number, from 1.")] string version,
        HttpContext http, IGrainFactory grains, ClusterCalls calls, CancellationToken cancellationToken)
    {
        // Bound as a string so that "abc" is a 400 naming the parameter rather than a bare 404 from route matching.
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return Problems.Validation("version", $"Must be a whole number of at least 1, not {JsonSerializer.Serialize(version)}.");
        }

        return await GetAsync(name, number, http, grains, calls, cancellationToken);
    }

    private static async Task<Results<Ok<DefinitionResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string name, int? version, HttpContext http, IGrainFactory grains, ClusterCalls calls, CancellationToken cancellationToken)
    {
        if (!ResourceNames.IsDefinitionName(name))
        {
            return Problems.InvalidDefinitionName("name", name);
        }

        // A narrowed grant (definitions:read:deploy-*) reads only the names it covers, as list-versions and diff check.
        if (!http.User.Allows(Permissions.DefinitionsRead, name))
        {
            return Problems.NotForDefinition(Permissions.DefinitionsRead, name);
        }

        var definition = await calls.RunAsync(() => grains.GetGrain<IDefinitionGrain>(name).GetAsync(version), cancellationToken);
        return definition is null
            ? Problems.NotFound(version is null ? $"No definition named '{name}'." : $"Definition '{name}' has no version {version}.")
            : TypedResults.Ok(DefinitionResponse.From(definition));
    }
}
