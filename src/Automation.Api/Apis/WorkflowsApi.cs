using System.Globalization;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Persistence;
using Automation.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Automation.Api.Apis;

/// <summary><c>/api/v1/workflows</c>: start, read, list, wait for and cancel workflows.</summary>
internal static class WorkflowsApi
{
    // Each grain wait stays well under Orleans' 30 s response timeout; longer waits loop.
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(20);
    private static readonly JsonElement EmptyInput = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/workflows").WithTags("Workflows")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/", StartAsync).WithName("StartWorkflow")
            .WithSummary("Starts a workflow; the same workflowId again returns the existing one (200).")
            .Accepts<StartWorkflowRequest>("application/json")
            .Produces<StartWorkflowResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Produces<StartWorkflowResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/", ListAsync).WithName("ListWorkflows")
            .WithSummary("Lists workflows newest first, filtered by status, definition and creation time, with cursor pagination.")
            .Produces<WorkflowListResponse>()
            .ProducesValidationProblem();
        group.MapGet("/{workflowId}", GetAsync).WithName("GetWorkflow")
            .WithSummary("Reads a workflow; with ?wait=30s, waits until it finishes or the wait ends.")
            .Produces<WorkflowSnapshot>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{workflowId}/history", GetHistoryAsync).WithName("GetWorkflowHistory")
            .WithSummary("Reads the ordered history of a workflow.")
            .Produces<WorkflowHistoryResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{workflowId}/cancel", CancelAsync).WithName("CancelWorkflow")
            .WithSummary("Cancels a running workflow: running steps are stopped, pending steps never run.")
            .Accepts<CancelWorkflowRequest>("application/json")
            .Produces<WorkflowSnapshot>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> StartAsync(HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        var (body, problem) = await RequestJson.ReadAsync(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<(string, string)>();
        var request = StartRequestParser.Parse(body, errors);
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

    private static async Task<IResult> GetAsync(string workflowId, string? wait, IGrainFactory grains, ClusterCalls calls, IOptions<ApiOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var remaining = TimeSpan.Zero;
        if (wait is not null && (!Duration.TryParse(wait, out remaining) || remaining > options.Value.MaxWait))
        {
            return Problems.Validation("wait", $"Must be a duration such as \"30s\" of at most {Duration.Format(options.Value.MaxWait)}, not '{wait}'.");
        }

        var grain = grains.GetGrain<IWorkflowGrain>(workflowId);
        var deadline = time.GetUtcNow() + remaining;
        var snapshot = await calls.RunAsync(() => grain.GetAsync(), cancellationToken);
        while (snapshot is { Status: WorkflowStatus.Running } && (remaining = deadline - time.GetUtcNow()) > TimeSpan.Zero)
        {
            var slice = remaining < WaitSlice ? remaining : WaitSlice;
            snapshot = await calls.RunAsync(() => grain.WaitForCompletionAsync(slice), cancellationToken);
        }

        return snapshot is null ? Problems.NotFound($"No workflow with id '{workflowId}'.") : TypedResults.Ok(snapshot);
    }

    private static async Task<IResult> GetHistoryAsync(string workflowId, IGrainFactory grains, ClusterCalls calls, CancellationToken cancellationToken)
    {
        var events = await calls.RunAsync(() => grains.GetGrain<IWorkflowGrain>(workflowId).GetHistoryAsync(), cancellationToken);
        return events is null
            ? Problems.NotFound($"No workflow with id '{workflowId}'.")
            : TypedResults.Ok(new WorkflowHistoryResponse(workflowId, events));
    }

    private static async Task<IResult> CancelAsync(string workflowId, HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        var (body, problem) = await RequestJson.ReadAsync(http, allowEmpty: true);
        if (problem is not null)
        {
            return problem;
        }

        string? reason = null;
        if (body.ValueKind == JsonValueKind.Object && body.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n != "reason") is { } unknown)
        {
            return Problems.Validation($"$.{unknown}", $"Unknown property '{unknown}'. Allowed: reason.");
        }

        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("reason", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.String)
            {
                return Problems.Validation("$.reason", "Must be a string.");
            }

            reason = r.GetString();
        }
        else if (body.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
        {
            return Problems.Validation("$", "The body must be a JSON object such as {\"reason\": \"...\"}, or empty.");
        }

        var result = await calls.RunAsync(() => grains.GetGrain<IWorkflowGrain>(workflowId).CancelAsync(reason), http.RequestAborted);
        return result.Outcome switch
        {
            CancelWorkflowOutcome.NotFound => Problems.NotFound($"No workflow with id '{workflowId}'."),
            CancelWorkflowOutcome.AlreadyFinished => Problems.Conflict($"Workflow '{workflowId}' already finished with status {result.Snapshot!.Status}."),
            _ => TypedResults.Ok(result.Snapshot),
        };
    }

    private static async Task<IResult> ListAsync(
        string? status, string? definition, string? from, string? to, int? limit, string? cursor,
        IWorkflowIndex index, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        WorkflowStatus? statusFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<WorkflowStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _))
            {
                statusFilter = s;
            }
            else
            {
                errors.Add(("status", $"'{status}' is not a status. Use one of {string.Join(", ", Enum.GetNames<WorkflowStatus>())}."));
            }
        }

        var fromTime = ParseTime("from", from, errors);
        var toTime = ParseTime("to", to, errors);
        if (limit is < 1 or > 1000)
        {
            errors.Add(("limit", "Must be from 1 to 1000."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        try
        {
            var page = await index.QueryAsync(new WorkflowQuery(statusFilter, definition, fromTime, toTime, limit ?? 50, cursor), cancellationToken);
            return TypedResults.Ok(new WorkflowListResponse([.. page.Items.Select(WorkflowSummary.From)], page.NextCursor));
        }
        catch (InvalidCursorException ex)
        {
            return Problems.Validation("cursor", ex.Message);
        }
    }

    private static DateTimeOffset? ParseTime(string name, string? value, List<(string, string)> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return t;
        }

        errors.Add((name, $"'{value}' is not an ISO 8601 timestamp such as 2026-11-25T10:00:00Z."));
        return null;
    }
}
