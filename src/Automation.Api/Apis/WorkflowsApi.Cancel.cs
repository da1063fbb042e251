using System.ComponentModel;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.Security;
using Automation.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary><c>POST /api/v1/workflows/{workflowId}/cancel</c>.</summary>
internal static partial class WorkflowsApi
{
    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        [Description("The workflow id.")] string workflowId, HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        if (!ResourceNames.IsWorkflowId(workflowId))
        {
            return Problems.InvalidWorkflowId("workflowId", workflowId);
        }

        var body = await RequestJson.ReadAsync(http, allowEmpty: true);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var json = body.Value;
        string? reason = null;
        if (json.ValueKind == JsonValueKind.Object && json.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n != "reason") is { } unknown)
        {
            return Problems.Validation($"$.{unknown}", $"Unknown property '{unknown}'. Allowed: reason.");
        }

        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("reason", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.String)
            {
                return Problems.Validation("$.reason", "Must be a string.");
            }

            reason = r.GetString();
        }
        else if (json.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
        {
            return Problems.Validation("$", "The body must be a JSON object such as {\"reason\": \"...\"}, or empty.");
        }

        if (await ForbiddenForDefinitionAsync(http, Permissions.WorkflowsCancel, workflowId, grains, calls, http.RequestAborted) is { } forbidden)
        {
            return forbidden;
        }

        var retried = false;
        var result = await calls.RunAsync(
            attempt =>
            {
                retried = attempt > 0;
                return grains.GetGrain<IWorkflowGrain>(workflowId).CancelAsync(reason);
            },
            http.RequestAborted);
        return result.Outcome switch
        {
            CancelWorkflowOutcome.NotFound => Problems.NotFound($"No workflow with id '{workflowId}'."),
            // A retry that finds the workflow cancelled: most likely by this request's own earlier attempt, whose answer was lost.
            CancelWorkflowOutcome.AlreadyFinished when retried && result.Snapshot!.Status == WorkflowStatus.Cancelled =>
                TypedResults.Ok(WorkflowResponse.From(result.Snapshot)),
            CancelWorkflowOutcome.AlreadyFinished => Problems.Conflict($"Workflow '{workflowId}' already finished with status {result.Snapshot!.Status}."),
            _ => TypedResults.Ok(WorkflowResponse.From(result.Snapshot!)),
        };
    }
}
