using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary><c>POST /api/v1/workflows</c>.</summary>
internal static partial class WorkflowsApi
{
    private static readonly JsonElement EmptyInput = JsonDocument.Parse("{}").RootElement.Clone();

    private static async Task<Results<Created<StartWorkflowResponse>, Ok<StartWorkflowResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        var body = await RequestJson.ReadAsync(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var errors = new List<(string, string)>();
        var request = StartRequestParser.Parse(body.Value, errors);
        if (request is null)
        {
            return Problems.Validation(errors);
        }

        var workflowId = request.WorkflowId ?? Guid.CreateVersion7().ToString();
        var command = new StartWorkflowCommand(request.Definition, request.Version, request.Input ?? EmptyInput);
        var result = await calls.RunAsync(() => grains.GetGrain<IWorkflowGrain>(workflowId).StartAsync(command), http.RequestAborted);
        switch (result.Outcome)
        {
            case StartWorkflowOutcome.DefinitionNotFound:
                return request.Version is null
                    ? Problems.Validation("$.definition", $"No definition named '{request.Definition}'. Register it with PUT /api/v1/definitions/{request.Definition}.")
                    : Problems.Validation("$.version", $"Definition '{request.Definition}' has no version {request.Version}.");
            case StartWorkflowOutcome.AlreadyExists when result.Snapshot!.Definition != request.Definition:
                return Problems.Conflict($"Workflow id '{workflowId}' is already used by a workflow of definition '{result.Snapshot.Definition}'.");
            case StartWorkflowOutcome.AlreadyExists:
                return TypedResults.Ok(new StartWorkflowResponse(workflowId, result.Snapshot!.Status));
            default:
                return TypedResults.Created($"/api/v1/workflows/{workflowId}", new StartWorkflowResponse(workflowId, result.Snapshot!.Status));
        }
    }
}
