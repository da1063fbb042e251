using System.ComponentModel;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.Security;
using Automation.Operations;
using Automation.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary><c>POST /api/v1/workflows/batch</c> and <c>GET /api/v1/workflows/batch/{operationId}</c>.</summary>
internal static partial class WorkflowsApi
{
    /// <summary>The shape of an operation id: a lowercase UUID.</summary>
    internal const string OperationIdPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    private static async Task<Results<Accepted<BatchOperationResponse>, ValidationProblem, ProblemHttpResult>> StartBatchAsync(
        HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        var body = await RequestJson.ReadAsync<BatchOperationRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var request = body.Value!;
        var errors = new List<(string, string)>();
        BatchAction? action = null;
        if (Enum.TryParse<BatchAction>(request.Action, ignoreCase: true, out var a) && Enum.IsDefined(a) && !request.Action.Any(char.IsDigit))
        {
            action = a;
        }
        else
        {
            errors.Add(("$.action", $"'{request.Action}' is not an action. Use one of cancel, terminate, retry, pause, resume."));
        }

        var filter = ParseBatchFilter(request.Filter, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (filter.IsEmpty)
        {
            return Problems.Validation("$.filter", "Give at least one of status, definition, from, to, startedBy, tag, idPrefix, parentId: a batch operation never applies to every workflow.");
        }

        // The action's permission for every definition, or for the one definition the filter names.
        var permission = action is BatchAction.Cancel or BatchAction.Terminate or BatchAction.Pause ? Permissions.WorkflowsCancel : Permissions.WorkflowsRetry;
        if (!http.User.AllowsAll(permission) && (filter.Definition is null || !http.User.Allows(permission, filter.Definition)))
        {
            return filter.Definition is null
                ? Problems.Forbidden(http.User.AllowsSome(permission)
                    ? $"Your '{permission}' permission covers only some definitions: filter by one of them with filter.definition."
                    : $"Action '{request.Action.ToLowerInvariant()}' needs the '{permission}' permission.", permission)
                : http.User.AllowsSome(permission)
                    ? Problems.NotForDefinition(permission, filter.Definition)
                    : Problems.Forbidden($"Action '{request.Action.ToLowerInvariant()}' needs the '{permission}' permission.", permission);
        }

        // One id per HTTP request, the same for every retry of it: the grain's start is idempotent.
        var operationId = Guid.CreateVersion7().ToString();
        var command = new StartBatchOperationCommand(action!.Value, filter, request.Reason, http.User.Actor());
        var snapshot = await calls.RunAsync(() => grains.GetGrain<IBatchOperationGrain>(operationId).StartAsync(command), http.RequestAborted);
        return TypedResults.Accepted($"/api/v1/workflows/batch/{operationId}", BatchOperationResponse.From(snapshot));
    }

    private static BatchFilter ParseBatchFilter(BatchFilterRequest f, List<(string, string)> errors)
    {
        WorkflowStatus? status = null;
        if (f.Status is not null)
        {
            if (Enum.TryParse<WorkflowStatus>(f.Status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !f.Status.Any(char.IsDigit))
            {
                status = s;
            }
            else
            {
                errors.Add(("$.filter.status", $"'{f.Status}' is not a status. Use one of {string.Join(", ", Enum.GetNames<WorkflowStatus>())}."));
            }
        }

        if (f.Definition is not null && !ResourceNames.IsDefinitionName(f.Definition))
        {
            errors.Add(("$.filter.definition", $"Not a valid definition name: {ResourceNames.DefinitionNameRule}."));
        }

        var from = ParseTime("$.filter.from", f.From, errors);
        var to = ParseTime("$.filter.to", f.To, errors);
        if (f.StartedBy is { Length: > 200 })
        {
            errors.Add(("$.filter.startedBy", "At most 200 characters."));
        }
        else if (f.StartedBy?.Contains('\0', StringComparison.Ordinal) == true)
        {
            errors.Add(("$.filter.startedBy", "Must not contain NUL characters."));
        }

        var tags = f.Tag is { Count: > 0 } ? f.Tag.Distinct(StringComparer.Ordinal).ToArray() : [];
        if (tags.Length > ResourceNames.MaxTags)
        {
            errors.Add(("$.filter.tag", $"At most {ResourceNames.MaxTags} tags."));
        }
        else
        {
            for (var i = 0; i < tags.Length; i++)
            {
                if (!ResourceNames.IsTag(tags[i]))
                {
                    errors.Add(($"$.filter.tag[{i}]", $"Not a valid tag: {ResourceNames.TagRule}."));
                }
            }
        }

        foreach (var (name, value) in new[] { ("idPrefix", f.IdPrefix), ("parentId", f.ParentId) })
        {
            if (value is not null && !ResourceNames.IsWorkflowId(value))
            {
                errors.Add(($"$.filter.{name}", name == "idPrefix"
                    ? $"Must be the start of a valid workflow id: {ResourceNames.WorkflowIdRule}."
                    : $"Not a valid workflow id: {ResourceNames.WorkflowIdRule}."));
            }
        }

        return new BatchFilter(status, f.Definition, from, to, f.StartedBy, tags, f.IdPrefix, f.ParentId);
    }

    private static async Task<Results<Ok<BatchOperationResponse>, ValidationProblem, ProblemHttpResult>> GetBatchAsync(
        [Description("The operation id, from the Location of POST /api/v1/workflows/batch.")] string operationId,
        HttpContext http, IGrainFactory grains, ClusterCalls calls, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(operationId, "D", out var parsed) || parsed.ToString() != operationId)
        {
            return Problems.Validation("operationId", "Not an operation id: a lowercase UUID such as 0193c5e2-8f1a-7b3c-9d4e-5f6a7b8c9d0e.");
        }

        var snapshot = await calls.RunAsync(() => grains.GetGrain<IBatchOperationGrain>(operationId).GetAsync(), cancellationToken);
        if (snapshot is null)
        {
            return Problems.NotFound($"No batch operation with id '{operationId}'.");
        }

        if (!http.User.AllowsAll(Permissions.WorkflowsRead) && (snapshot.Filter.Definition is null || !http.User.Allows(Permissions.WorkflowsRead, snapshot.Filter.Definition)))
        {
            return snapshot.Filter.Definition is null
                ? Problems.Forbidden($"Your '{Permissions.WorkflowsRead}' permission covers only some definitions; this operation is not limited to one of them.", Permissions.WorkflowsRead)
                : Problems.NotForDefinition(Permissions.WorkflowsRead, snapshot.Filter.Definition);
        }

        return TypedResults.Ok(BatchOperationResponse.From(snapshot));
    }
}
