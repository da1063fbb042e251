using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Automation.Workflows;

namespace Automation.Api.Apis;

/// <summary><c>/api/v1/workflows</c>: start, read, list, wait for, cancel, terminate, retry, pause and resume workflows, one at a time or in batches.</summary>
internal static partial class WorkflowsApi
{
    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapWorkflowsApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workflows").WithTags("Workflows");
        group.MapPost("/", StartAsync).WithName("StartWorkflow")
            .WithSummary("Starts a workflow; the same workflowId again returns the existing one (200). With ?wait=30s, runs it synchronously: answers once it finishes (or the wait ends), with the workflow and its output.")
            .Accepts<StartWorkflowRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithParameterSchema(IdempotencyKeyHeader, ParameterSchemas.Pattern(ResourceNames.IdempotencyKeyPattern, 200))
            .WithParameterSchema("wait", ParameterSchemas.Duration());
        group.MapGet("/", ListAsync).WithName("ListWorkflows")
            .WithSummary("Lists workflows newest first, filtered by status, definition, creation time, starter, tags, id prefix and parent, with cursor pagination.")
            .WithParameterSchema("status", ParameterSchemas.EnumOf<WorkflowStatus>())
            .WithParameterSchema("from", ParameterSchemas.DateTime())
            .WithParameterSchema("to", ParameterSchemas.DateTime())
            .WithParameterSchema("limit", ParameterSchemas.Integer(MinLimit, MaxLimit, DefaultLimit))
            .WithParameterSchema("tag", ParameterSchemas.ArrayOf(ParameterSchemas.Pattern(ResourceNames.TagPattern, 64), ResourceNames.MaxTags))
            .WithParameterSchema("idPrefix", ParameterSchemas.Pattern(ResourceNames.WorkflowIdPattern, 200))
            .WithParameterSchema("parentId", ParameterSchemas.Pattern(ResourceNames.WorkflowIdPattern, 200))
            .ProducesClusterUnavailable();
        group.MapGet("/{workflowId}", GetAsync).WithName("GetWorkflow")
            .WithSummary("Reads a workflow; with ?wait=30s, waits until it finishes or the wait ends.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithWorkflowId()
            .WithParameterSchema("wait", ParameterSchemas.Duration());
        group.MapGet("/{workflowId}/history", GetHistoryAsync).WithName("GetWorkflowHistory")
            .WithSummary("Reads the ordered history of a workflow, a page at a time (?after=&limit=; nextAfter continues).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithWorkflowId()
            .WithParameterSchema("after", ParameterSchemas.Long(0, 0))
            .WithParameterSchema("limit", ParameterSchemas.Integer(MinLimit, MaxLimit, MaxLimit));
        group.MapPost("/{workflowId}/cancel", CancelAsync).WithName("CancelWorkflow")
            .WithSummary("Cancels a running workflow: running steps are stopped, pending steps never run.")
            .Accepts<CancelWorkflowRequest>(isOptional: true, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithWorkflowId();
        group.MapPost("/{workflowId}/terminate", TerminateAsync).WithName("TerminateWorkflow")
            .WithSummary("Terminates a running or paused workflow at once: running steps and child workflows are stopped, the others never run (status Terminated).")
            .Accepts<TerminateWorkflowRequest>(isOptional: true, "application/json")
            .ProducesControlProblems();
        group.MapPost("/{workflowId}/retry", RetryAsync).WithName("RetryWorkflow")
            .WithSummary("Runs a failed, timed-out, terminated or cancelled workflow again from the steps that did not complete, optionally patching its input (JSON Merge Patch); completed steps keep their outputs.")
            .Accepts<RetryWorkflowRequest>(isOptional: true, "application/json")
            .ProducesControlProblems();
        group.MapPost("/{workflowId}/pause", PauseAsync).WithName("PauseWorkflow")
            .WithSummary("Pauses a running workflow: running steps finish and are recorded, nothing new is dispatched until it is resumed.")
            .Accepts<PauseWorkflowRequest>(isOptional: true, "application/json")
            .ProducesControlProblems();
        group.MapPost("/{workflowId}/resume", ResumeAsync).WithName("ResumeWorkflow")
            .WithSummary("Resumes a paused workflow: what became ready or due while it was paused runs now.")
            .Accepts<ResumeWorkflowRequest>(isOptional: true, "application/json")
            .ProducesControlProblems();
        group.MapPost("/batch", StartBatchAsync).WithName("StartBatchOperation")
            .WithSummary("Cancels, terminates, retries, pauses or resumes every workflow a filter matches, in the background; answers 202 with the operation to poll.")
            .Accepts<BatchOperationRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable();
        group.MapGet("/batch/{operationId}", GetBatchAsync).WithName("GetBatchOperation")
            .WithSummary("Reads a batch operation: its status and counters (matched, succeeded, skipped, failed) and the first 20 failures.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithParameterSchema("operationId", ParameterSchemas.Pattern(OperationIdPattern, 36));
        group.MapPost("/{workflowId}/signals/{name}", SignalAsync).WithName("SignalWorkflow")
            .WithSummary("Sends a signal with any JSON payload: the first step waiting for it takes the payload as its output; otherwise the workflow keeps it until such a step is reached.")
            .Accepts<JsonElement>(isOptional: true, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithWorkflowId()
            .WithParameterSchema("name", ParameterSchemas.Pattern(ResourceNames.DefinitionNamePattern, 128))
            .WithParameterSchema(IdempotencyKeyHeader, ParameterSchemas.Pattern(ResourceNames.IdempotencyKeyPattern, 200));
        group.MapPost("/{workflowId}/approvals/{stepId}", ApproveAsync).WithName("ApproveWorkflowStep")
            .WithSummary("Approves or rejects a waiting approval step as the authenticated caller: approve completes it, reject fails it (approval.rejected).")
            .Accepts<ApproveStepRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithWorkflowId();
        return group;
    }

    /// <summary>What terminate, retry, pause and resume answer besides 200 and 400.</summary>
    private static RouteHandlerBuilder ProducesControlProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithWorkflowId();
}
