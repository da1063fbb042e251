using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Automation.Workflows;

namespace Automation.Api.Apis;

/// <summary><c>/api/v1/workflows</c>: start, read, list, wait for and cancel workflows.</summary>
internal static partial class WorkflowsApi
{
    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapWorkflowsApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workflows").WithTags("Workflows");
        group.MapPost("/", StartAsync).WithName("StartWorkflow")
            .WithSummary("Starts a workflow; the same workflowId again returns the existing one (200).")
            .Accepts<StartWorkflowRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithParameterSchema(IdempotencyKeyHeader, ParameterSchemas.Pattern(ResourceNames.IdempotencyKeyPattern, 200));
        group.MapGet("/", ListAsync).WithName("ListWorkflows")
            .WithSummary("Lists workflows newest first, filtered by status, definition, creation time, starter, tags and id prefix, with cursor pagination.")
            .WithParameterSchema("status", ParameterSchemas.EnumOf<WorkflowStatus>())
            .WithParameterSchema("from", ParameterSchemas.DateTime())
            .WithParameterSchema("to", ParameterSchemas.DateTime())
            .WithParameterSchema("limit", ParameterSchemas.Integer(MinLimit, MaxLimit, DefaultLimit))
            .WithParameterSchema("tag", ParameterSchemas.ArrayOf(ParameterSchemas.Pattern(ResourceNames.TagPattern, 64), ResourceNames.MaxTags))
            .WithParameterSchema("idPrefix", ParameterSchemas.Pattern(ResourceNames.WorkflowIdPattern, 200))
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
}
