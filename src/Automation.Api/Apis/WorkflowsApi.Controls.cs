using System.ComponentModel;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.Security;
using Automation.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>POST /api/v1/workflows/{workflowId}/terminate</c>, <c>/retry</c>, <c>/pause</c> and <c>/resume</c>: the same
/// shape as cancel (optional strict JSON body, per-definition permission, a retried call that finds its own effect is a 200).
/// </summary>
internal static partial class WorkflowsApi
{
    private static Task<Results<Ok<WorkflowResponse>, ValidationProblem, ProblemHttpResult>> TerminateAsync(
        [Description("The workflow id.")] string workflowId, HttpContext http, IGrainFactory grains, ClusterCalls calls) =>
        ControlAsync(workflowId, http, grains, calls, Permissions.WorkflowsCancel, ["reason"], WorkflowStatus.Terminated,
            (grain, body) => grain.TerminateAsync(body.Reason));

    private static Task<Results<Ok<WorkflowResponse>, ValidationProblem, ProblemHttpResult>> PauseAsync(
        [Description("The workflow id.")] string workflowId, HttpContext http, IGrainFactory grains, ClusterCalls calls) =>
        ControlAsync(workflowId, http, grains, calls, Permissions.WorkflowsCancel, ["reason"], WorkflowStatus.Paused,
            (grain, body) => grain.PauseAsync(body.Reason));

    private static Task<Results<Ok<WorkflowResponse>, ValidationProblem, ProblemHttpResult>> ResumeAsync(
        [Description("The workflow id.")] string workflowId, HttpContext http, IGrainFactory grains, ClusterCalls calls) =>
        ControlAsync(workflowId, http, grains, calls, Permissions.WorkflowsRetry, [], WorkflowStatus.Running,
            (grain, _) => grain.UnpauseAsync());

    private static Task<Results<Ok<WorkflowResponse>, ValidationProblem, ProblemHttpResult>> RetryAsync(
        [Description("The workflow id.")] string workflowId, HttpContext http, IGrainFactory grains, ClusterCalls calls) =>
        ControlAsync(workflowId, http, grains, calls, Permissions.WorkflowsRetry, ["inputPatch", "reason"], WorkflowStatus.Running,
            (grain, body) => grain.RetryAsync(new RetryWorkflowCommand(body.InputPatch, body.Reason) { By = http.User.Actor() }));

    /// <summary>The parsed optional body of a control request.</summary>
    private sealed record ControlBody(string? Reason, JsonElement? InputPatch);

    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem, ProblemHttpResult>> ControlAsync(
        string workflowId, HttpContext http, IGrainFactory grains, ClusterCalls calls, string permission, string[] allowed,
        WorkflowStatus target, Func<IWorkflowGrain, ControlBody, Task<ControlWorkflowResult>> control, string? bodyShape = null)
    {
        if (!ResourceNames.IsWorkflowId(workflowId))
        {
            return Problems.InvalidWorkflowId("workflowId", workflowId);
        }

        var read = await RequestJson.ReadAsync(http, allowEmpty: true);
        if (read.Invalid is { } invalid)
        {
            return invalid;
        }

        if (read.Rejected is { } rejected)
        {
            return rejected;
        }

        var json = read.Value;
        if (json.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
        {
            return Problems.Validation("$", bodyShape ?? (allowed.Length == 0
                ? "The body must be empty or {}."
                : $"The body must be a JSON object with at most {string.Join(", ", allowed)}, or empty."));
        }

        if (json.ValueKind == JsonValueKind.Object && json.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !allowed.Contains(n, StringComparer.Ordinal)) is { } unknown)
        {
            return Problems.Validation($"$.{unknown}", allowed.Length == 0
                ? $"Unknown property '{unknown}'. This request takes no properties."
                : $"Unknown property '{unknown}'. Allowed: {string.Join(", ", allowed)}.");
        }

        string? reason = null;
        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("reason", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.String)
            {
                return Problems.Validation("$.reason", "Must be a string.");
            }

            reason = r.GetString();
        }

        JsonElement? inputPatch = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("inputPatch", out var p) && p.ValueKind != JsonValueKind.Null
            ? p
            : null;

        if (await ForbiddenForDefinitionAsync(http, permission, workflowId, grains, calls, http.RequestAborted) is { } forbidden)
        {
            return forbidden;
        }

        var body = new ControlBody(reason, inputPatch);
        var retried = false;
        var result = await calls.RunAsync(
            attempt =>
            {
                retried = attempt > 0;
                return control(grains.GetStringKeyed<IWorkflowGrain>(workflowId), body);
            },
            http.RequestAborted);
        return result.Outcome switch
        {
            ControlWorkflowOutcome.NotFound => Problems.NotFound($"No workflow with id '{workflowId}'."),
            ControlWorkflowOutcome.InputInvalid => Problems.Validation(result.Errors.Select(e => (e.Path, e.Message))),
            // A retry that finds the workflow in the target status: most likely this request's own earlier attempt, whose answer was lost.
            ControlWorkflowOutcome.Conflict when retried && result.Snapshot!.Status == target => TypedResults.Ok(WorkflowResponse.From(result.Snapshot)),
            ControlWorkflowOutcome.Conflict => Problems.Conflict(result.Problem ?? $"Workflow '{workflowId}' is {result.Snapshot!.Status}."),
            _ => TypedResults.Ok(WorkflowResponse.From(result.Snapshot!)),
        };
    }
}
