using System.ComponentModel;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>POST /api/v1/definitions/{name}/validate</c>: the checks of PUT, the graph and whether PUT would add a version,
/// without registering anything (what an editor calls as its user types).
/// </summary>
internal static partial class DefinitionsApi
{
    private static void MapValidateApi(this RouteGroupBuilder group) =>
        group.MapPost("/{name}/validate", ValidateAsync).WithName("ValidateDefinition")
            .WithSummary("Validates a definition document exactly as PUT would, without registering it.")
            .WithDescription("Takes the body PUT /api/v1/definitions/{name} takes. 200 with valid, every error PUT would give by JSON path (malformed JSON too, with its line and column), the step graph when valid, and whether PUT would register a new version (changed). Needs definitions:write for the name, like PUT.")
            .Accepts<JsonElement>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithDefinitionName();

    private static async Task<Results<Ok<DefinitionValidationResponse>, ValidationProblem, ProblemHttpResult>> ValidateAsync(
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
        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var grain = grains.GetGrain<IDefinitionGrain>(name);
        if (body.Invalid is { } invalid)
        {
            // Empty or malformed JSON is a finding about the document like any other: the editor shows it at its place.
            var latest = await calls.RunAsync(() => grain.GetAsync(null), http.RequestAborted);
            List<DefinitionValidationError> errors = body.Syntax is { } syntax
                ? [new DefinitionValidationError("$", syntax.Message, syntax.Line, syntax.Column)]
                : [.. invalid.ProblemDetails.Errors.SelectMany(e => e.Value.Select(m => new DefinitionValidationError(e.Key, m, null, null)))];
            AuditTrail.Routine(http);
            return TypedResults.Ok(new DefinitionValidationResponse(false, errors, null, Changed: true, latest?.Version));
        }

        var result = await calls.RunAsync(() => grain.ValidateAsync(body.Value), http.RequestAborted);

        // The editor validates after every pause in typing: a 200 changes nothing and is not worth an audit row each
        // (like an agent's heartbeat). Refusals (403) and rejected bodies are still recorded.
        AuditTrail.Routine(http);
        return TypedResults.Ok(DefinitionValidationResponse.From(result));
    }
}
