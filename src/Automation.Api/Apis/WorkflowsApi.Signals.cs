using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.Security;
using Automation.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Automation.Api.Apis;

/// <summary><c>POST /api/v1/workflows/{workflowId}/signals/{name}</c> and <c>/approvals/{stepId}</c>.</summary>
internal static partial class WorkflowsApi
{
    private const int MaxCommentLength = 2000;

    private static async Task<Results<Ok<SignalWorkflowResponse>, ValidationProblem, ProblemHttpResult>> SignalAsync(
        [Description("The workflow id.")] string workflowId,
        [Description("The signal name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters.")] string name,
        [FromHeader(Name = IdempotencyKeyHeader), Description("Makes a retry of this request safe: a signal with the same key (among the workflow's latest 50) is answered as the first one was and not applied again.")] string? idempotencyKey,
        HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        if (!ResourceNames.IsWorkflowId(workflowId))
        {
            return Problems.InvalidWorkflowId("workflowId", workflowId);
        }

        if (!ResourceNames.IsDefinitionName(name))
        {
            return Problems.Validation("name", $"'{Truncate(name)}' is not a valid signal name: {ResourceNames.DefinitionNameRule}.");
        }

        if (idempotencyKey is not null && !ResourceNames.IsIdempotencyKey(idempotencyKey))
        {
            return Problems.Validation(IdempotencyKeyHeader, $"Not a valid idempotency key: {ResourceNames.IdempotencyKeyRule}.");
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

        // An empty body is a signal without data: its payload is null.
        var payload = body.Value.ValueKind == JsonValueKind.Undefined ? JsonSerializer.SerializeToElement<object?>(null) : body.Value;
        if (await ForbiddenForDefinitionAsync(http, Permissions.WorkflowsSignal, workflowId, grains, calls, http.RequestAborted) is { } forbidden)
        {
            return forbidden;
        }

        // One request id for every attempt, so that the API's own retry of an attempt whose answer was lost is not applied twice.
        var requestId = idempotencyKey is null ? "request:" + Guid.NewGuid().ToString("N") : "key:" + idempotencyKey;
        var result = await calls.RunAsync(() => grains.GetStringKeyed<IWorkflowGrain>(workflowId).SignalAsync(name, payload, requestId), http.RequestAborted);
        return result.Outcome switch
        {
            SignalWorkflowOutcome.NotFound => Problems.NotFound($"No workflow with id '{workflowId}'."),
            SignalWorkflowOutcome.AlreadyFinished => Problems.Conflict($"Workflow '{workflowId}' already finished with status {result.Snapshot!.Status}; it takes no signals."),
            SignalWorkflowOutcome.UnknownSignal => Problems.Validation("name", $"Workflow '{workflowId}' does not accept the signal '{name}': its definition declares its signals and this is not one of them."),
            SignalWorkflowOutcome.TooManyPending => Problems.Conflict($"Workflow '{workflowId}' already keeps {result.Snapshot!.PendingSignals.Count} signals that no step has taken; no step waits for '{name}'."),
            _ => TypedResults.Ok(new SignalWorkflowResponse(name, result.Outcome == SignalWorkflowOutcome.Delivered, result.StepId, WorkflowResponse.From(result.Snapshot!))),
        };
    }

    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem, ProblemHttpResult>> ApproveAsync(
        [Description("The workflow id.")] string workflowId,
        [Description("The id of the approval step.")] string stepId,
        HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        if (!ResourceNames.IsWorkflowId(workflowId))
        {
            return Problems.InvalidWorkflowId("workflowId", workflowId);
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

        var json = body.Value;
        if (json.ValueKind != JsonValueKind.Object)
        {
            return Problems.Validation("$", "The body must be a JSON object such as {\"decision\": \"approve\", \"comment\": \"...\"}.");
        }

        if (json.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("decision" or "comment")) is { } unknown)
        {
            return Problems.Validation($"$.{unknown}", $"Unknown property '{unknown}'. Allowed: decision, comment.");
        }

        if (!json.TryGetProperty("decision", out var d) || d.ValueKind != JsonValueKind.String || d.GetString() is not ("approve" or "reject"))
        {
            return Problems.Validation("$.decision", "Required: \"approve\" or \"reject\".");
        }

        string? comment = null;
        if (json.TryGetProperty("comment", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind != JsonValueKind.String || c.GetString()!.Length > MaxCommentLength)
            {
                return Problems.Validation("$.comment", $"Must be a string of at most {MaxCommentLength} characters.");
            }

            comment = c.GetString();
        }

        if (await ForbiddenForDefinitionAsync(http, Permissions.WorkflowsSignal, workflowId, grains, calls, http.RequestAborted) is { } forbidden)
        {
            return forbidden;
        }

        var roles = http.User.FindAll(SecurityClaims.Role).Select(r => r.Value).ToList();
        var command = new ApproveStepCommand(stepId, d.GetString() == "approve", http.User.Actor(), comment, roles);
        var retried = false;
        var result = await calls.RunAsync(
            attempt =>
            {
                retried = attempt > 0;
                return grains.GetStringKeyed<IWorkflowGrain>(workflowId).ApproveAsync(command);
            },
            http.RequestAborted);
        return result.Outcome switch
        {
            // A retry that finds the step decided as asked: most likely by this request's own earlier attempt, whose answer was lost.
            ApproveStepOutcome.AlreadyFinished or ApproveStepOutcome.NotWaiting when retried && DecidedAsAsked(result.Snapshot!, command) =>
                TypedResults.Ok(WorkflowResponse.From(result.Snapshot!)),
            ApproveStepOutcome.NotFound => Problems.NotFound($"No workflow with id '{workflowId}'."),
            ApproveStepOutcome.StepNotFound => Problems.NotFound($"Workflow '{workflowId}' has no step '{Truncate(stepId)}'."),
            ApproveStepOutcome.AlreadyFinished => Problems.Conflict($"Workflow '{workflowId}' already finished with status {result.Snapshot!.Status}."),
            ApproveStepOutcome.NotWaiting => Problems.Conflict(NotWaitingDetail(workflowId, stepId, result.Snapshot!)),
            ApproveStepOutcome.NotAnApprover => Problems.Forbidden($"Step '{stepId}' may be decided only by {string.Join(", ", result.Snapshot!.Steps.First(s => s.Id == stepId).WaitingFor!.Approvers)}."),
            _ => TypedResults.Ok(WorkflowResponse.From(result.Snapshot!)),
        };
    }

    private static bool DecidedAsAsked(WorkflowSnapshot snapshot, ApproveStepCommand command) =>
        snapshot.Steps.FirstOrDefault(s => s.Id == command.StepId) is { } step && (command.Approved
            ? step.Status == StepStatus.Completed && step.Output is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("by", out var by) && by.ValueKind == JsonValueKind.String && by.GetString() == command.By
            : step.Status == StepStatus.Failed && step.Error?.Type == "approval.rejected");

    private static string NotWaitingDetail(string workflowId, string stepId, WorkflowSnapshot snapshot)
    {
        var step = snapshot.Steps.First(s => s.Id == stepId);
        return step.Type != "wait" || step.WaitingFor is { Approval: false }
            ? $"Step '{stepId}' of workflow '{workflowId}' is not an approval step (type {step.Type}{(step.WaitingFor?.Signal is { } s ? $", waiting for signal '{s}'" : "")})."
            : $"Step '{stepId}' of workflow '{workflowId}' is not waiting for an approval (status {step.Status}).";
    }

    private static string Truncate(string value) => value.Length > 64 ? value[..64] + "…" : value;
}
