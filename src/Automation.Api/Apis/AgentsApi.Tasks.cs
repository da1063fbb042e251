using System.ComponentModel;
using System.Text.Json;
using Automation.Agents;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.Security;
using Automation.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Automation.Api.Apis;

/// <summary>The agent protocol: poll, heartbeat, complete, fail.</summary>
internal static partial class AgentsApi
{
    private const int MaxPoll = 100;
    private const int MaxWaitSeconds = 60;
    private const int MaxDetailsBytes = 16 * 1024;
    private const int MaxErrorType = 100;
    private const int MaxErrorMessage = 4000;

    private static async Task<Results<Ok<PollTasksResponse>, NoContent, ValidationProblem, ProblemHttpResult>> PollAsync(
        [Description("The agent id.")] string agentId, HttpContext http, IGrainFactory grains, ClusterCalls calls, IOptions<ApiOptions> options, TimeProvider time)
    {
        var body = await RequestJson.ReadAsync(http, allowEmpty: true);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var request = new PollTasksRequest();
        if (body.Value.ValueKind != JsonValueKind.Undefined)
        {
            var typed = Parse<PollTasksRequest>(body.Value);
            if (typed.Invalid is { } bad)
            {
                return bad;
            }

            request = typed.Value!;
        }

        var errors = new List<(string, string)>();
        if (request.Max is < 1 or > MaxPoll)
        {
            errors.Add(("$.max", $"Must be 1 to {MaxPoll}, not {request.Max}."));
        }

        if (request.WaitSeconds is < 0 or > MaxWaitSeconds)
        {
            errors.Add(("$.waitSeconds", $"Must be 0 to {MaxWaitSeconds}, not {request.WaitSeconds}."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (!IsAgentId(agentId))
        {
            return AgentNotFound(agentId);
        }

        var grain = grains.GetGrain<IAgentGrain>(agentId);
        var caller = http.User.Actor();
        var max = request.Max ?? 1;
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(request.WaitSeconds ?? 30);
        // One grain call waits at most half the response timeout (ApiOptions.WaitSlice); a longer wait loops.
        while (true)
        {
            var slice = deadline - time.GetUtcNow();
            slice = slice < TimeSpan.Zero ? TimeSpan.Zero : slice > options.Value.WaitSlice ? options.Value.WaitSlice : slice;
            var result = await calls.RunAsync(() => grain.PollAsync(caller, max, slice), http.RequestAborted);
            if (Refused(result.Outcome, agentId, null) is { } refused)
            {
                return refused;
            }

            if (result.Tasks.Count > 0)
            {
                return TypedResults.Ok(new PollTasksResponse([.. result.Tasks.Select(AgentTaskResponse.From)]));
            }

            if (time.GetUtcNow() >= deadline || http.RequestAborted.IsCancellationRequested)
            {
                AuditTrail.Routine(http);
                return TypedResults.NoContent();
            }
        }
    }

    private static async Task<Results<Ok<TaskHeartbeatResponse>, ValidationProblem, ProblemHttpResult>> HeartbeatAsync(
        [Description("The task id.")] string taskId, HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        var body = await RequestJson.ReadAsync<TaskHeartbeatRequest>(http);
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
        CheckAgentId(request.AgentId, errors);
        if (request.Progress is < 0 or > 100)
        {
            errors.Add(("$.progress", $"Must be 0 to 100, not {request.Progress}."));
        }

        if (request.Details is { } details && System.Text.Encoding.UTF8.GetByteCount(details.GetRawText()) > MaxDetailsBytes)
        {
            errors.Add(("$.details", $"At most {MaxDetailsBytes / 1024} KiB of JSON."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (!IsAgentId(request.AgentId!))
        {
            return AgentNotFound(request.AgentId!);
        }

        var caller = http.User.Actor();
        var details2 = request.Details is { ValueKind: not JsonValueKind.Null } d ? d : (JsonElement?)null;
        var result = await calls.RunAsync(() => grains.GetGrain<IAgentGrain>(request.AgentId!).HeartbeatAsync(caller, taskId, request.Progress, details2), http.RequestAborted);
        if (Refused(result.Outcome, request.AgentId!, taskId) is { } refused)
        {
            return refused;
        }

        AuditTrail.Routine(http);
        return TypedResults.Ok(new TaskHeartbeatResponse(result.CancelRequested, new TaskDeadlinesResponse(result.RunBy, result.HeartbeatBy)));
    }

    private static async Task<Results<Ok<TaskReportResponse>, ValidationProblem, ProblemHttpResult>> CompleteAsync(
        [Description("The task id.")] string taskId, HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        var body = await RequestJson.ReadAsync<CompleteTaskRequest>(http);
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
        CheckAgentId(request.AgentId, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var output = request.Output ?? JsonDocument.Parse("null").RootElement.Clone();
        return await ReportAsync(taskId, request.AgentId!, output, null, http, grains, calls);
    }

    private static async Task<Results<Ok<TaskReportResponse>, ValidationProblem, ProblemHttpResult>> FailAsync(
        [Description("The task id.")] string taskId, HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        var body = await RequestJson.ReadAsync<FailTaskRequest>(http);
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
        CheckAgentId(request.AgentId, errors);
        var type = string.IsNullOrWhiteSpace(request.Error?.Type) ? "agent.failed" : request.Error.Type;
        if (type.Length > MaxErrorType)
        {
            errors.Add(("$.error.type", $"At most {MaxErrorType} characters."));
        }

        if (request.Error?.Message is { Length: > MaxErrorMessage })
        {
            errors.Add(("$.error.message", $"At most {MaxErrorMessage} characters."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var error = new StepError(type, request.Error?.Message ?? "The agent failed the task.", request.Retryable ?? true);
        return await ReportAsync(taskId, request.AgentId!, null, error, http, grains, calls);
    }

    private static async Task<Results<Ok<TaskReportResponse>, ValidationProblem, ProblemHttpResult>> ReportAsync(
        string taskId, string agentId, JsonElement? output, StepError? error, HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        if (!IsAgentId(agentId))
        {
            return AgentNotFound(agentId);
        }

        var caller = http.User.Actor();
        // Retried only on a lost message: a repeat of the same report is accepted again, so a retry is safe.
        var outcome = await calls.RunAsync(() => grains.GetGrain<IAgentGrain>(agentId).ReportAsync(caller, taskId, output, error), http.RequestAborted);
        return Refused(outcome, agentId, taskId) is { } refused ? refused : TypedResults.Ok(new TaskReportResponse(true));
    }

    private static void CheckAgentId(string? agentId, List<(string, string)> errors)
    {
        if (string.IsNullOrEmpty(agentId))
        {
            errors.Add(("$.agentId", "Required: the id of the agent holding the task."));
        }
    }

    private static ProblemHttpResult? Refused(AgentCallOutcome outcome, string agentId, string? taskId) => outcome switch
    {
        AgentCallOutcome.Ok => null,
        AgentCallOutcome.AgentNotFound => AgentNotFound(agentId),
        AgentCallOutcome.Forbidden => NotOwner(agentId),
        AgentCallOutcome.Draining => Problems.Conflict($"Agent '{agentId}' is draining (deleted): it gets no new tasks."),
        AgentCallOutcome.TaskNotFound => Problems.NotFound($"No task with id '{taskId}'."),
        _ => Problems.Conflict($"Agent '{agentId}' does not hold task '{taskId}' (its lease ended, it was cancelled or reassigned, or it was already reported differently); nothing changed."),
    };

    /// <summary>An optional body (the poll's) read strictly like <see cref="RequestJson.ReadAsync{T}"/> does: unknown properties and wrong types are 400s naming the field.</summary>
    private static TypedBody<T> Parse<T>(JsonElement value)
        where T : class
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return new TypedBody<T>(null, Problems.Validation("$", "The body must be a JSON object."));
        }

        try
        {
            return value.Deserialize<T>(StrictOptions) is { } parsed ? new TypedBody<T>(parsed) : new TypedBody<T>(null, Problems.Validation("$", "The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            var reason = ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown property." : "Wrong type for this property.";
            return new TypedBody<T>(null, Problems.Validation(ex.Path ?? "$", reason));
        }
    }

    private static readonly JsonSerializerOptions StrictOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };
}
