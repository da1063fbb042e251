using System.ComponentModel;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Automation.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary><c>GET /api/v1/workflow-counts</c>: the list's filters, counted per status (the console's status chips).</summary>
internal static partial class WorkflowsApi
{
    /// <summary>Maps the route onto the API's version group (beside <c>/workflows</c>, so that no workflow id is shadowed).</summary>
    /// <param name="v1">The version group.</param>
    /// <returns>The same group.</returns>
    public static RouteGroupBuilder MapWorkflowCountsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/workflow-counts", CountAsync).WithName("CountWorkflows").WithTags("Workflows")
            .WithSummary("Counts the workflows that match the list's filters (all but status), in all and per status.")
            .WithParameterSchema("from", ParameterSchemas.DateTime())
            .WithParameterSchema("to", ParameterSchemas.DateTime())
            .WithParameterSchema("tag", ParameterSchemas.ArrayOf(ParameterSchemas.Pattern(ResourceNames.TagPattern, 64), ResourceNames.MaxTags))
            .WithParameterSchema("idPrefix", ParameterSchemas.Pattern(ResourceNames.WorkflowIdPattern, 200))
            .WithParameterSchema("parentId", ParameterSchemas.Pattern(ResourceNames.WorkflowIdPattern, 200))
            .ProducesClusterUnavailable();
        return v1;
    }

    private static async Task<Results<Ok<WorkflowCountsResponse>, ValidationProblem, ProblemHttpResult>> CountAsync(
        [Description("Only workflows of this definition name.")] string? definition,
        [Description("Only workflows created at or after this time (ISO 8601; UTC when no offset is given).")] string? from,
        [Description("Only workflows created before this time (ISO 8601; UTC when no offset is given).")] string? to,
        [Description("Only workflows started by this caller: a username, or apikey:ID.")] string? startedBy,
        [Description("Only workflows that have this tag; repeat it to require every one given (at most 20).")] string[]? tag,
        [Description("Only workflows whose id starts with this text (taken literally: no wildcards).")] string? idPrefix,
        [Description("Only child workflows of this workflow.")] string? parentId,
        HttpContext http, IWorkflowIndex index, CancellationToken cancellationToken)
    {
        var (query, errors) = ParseQuery(null, definition, from, to, null, null, startedBy, tag, idPrefix, parentId);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (NarrowedReadProblem(http, definition) is { } forbidden)
        {
            return forbidden;
        }

        return TypedResults.Ok(WorkflowCountsResponse.From(await index.CountAsync(query, cancellationToken)));
    }
}
