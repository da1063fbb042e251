using System.ComponentModel;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Schedules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/schedules</c>: start a definition on a cron schedule. Each schedule is a <c>ScheduleGrain</c> that
/// starts workflows with ids derived from the fire time, so a fire never starts twice.
/// </summary>
internal static partial class SchedulesApi
{
    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapSchedulesApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/schedules").WithTags("Schedules");
        group.MapPut("/{scheduleId}", PutAsync).WithName("PutSchedule")
            .WithSummary("Creates (201) or replaces (200) a schedule that starts a definition at each cron fire time; needs workflows:start for the definition too.")
            .Accepts<PutScheduleRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithScheduleId();
        group.MapGet("/", ListAsync).WithName("ListSchedules")
            .WithSummary("Lists every schedule, ordered by id, with its next 10 fire times.")
            .ProducesClusterUnavailable();
        group.MapGet("/{scheduleId}", GetAsync).WithName("GetSchedule")
            .WithSummary("Reads a schedule: its spec, state, next 10 fire times and latest 20 runs with their current status.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithScheduleId();
        group.MapDelete("/{scheduleId}", DeleteAsync).WithName("DeleteSchedule")
            .WithSummary("Deletes a schedule; workflows it started are left alone.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithScheduleId();
        group.MapPost("/{scheduleId}/pause", PauseAsync).WithName("PauseSchedule")
            .WithSummary("Pauses a schedule: no fire starts until it is resumed, and fires due meanwhile are never started.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithScheduleId();
        group.MapPost("/{scheduleId}/resume", ResumeAsync).WithName("ResumeSchedule")
            .WithSummary("Resumes a paused schedule from now on.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithScheduleId();
        group.MapPost("/{scheduleId}/trigger", TriggerAsync).WithName("TriggerSchedule")
            .WithSummary("Starts a run of the schedule now, whatever its overlap policy or pause; needs workflows:start for its definition too.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesClusterUnavailable()
            .WithScheduleId();
        return group;
    }

    private static RouteHandlerBuilder WithScheduleId(this RouteHandlerBuilder builder) =>
        builder.WithParameterSchema("scheduleId", ParameterSchemas.Pattern(ResourceNames.ScheduleIdPattern, 55));

    private static ValidationProblem InvalidId(string scheduleId) =>
        Problems.Validation("scheduleId", $"Not a valid schedule id: {ResourceNames.ScheduleIdRule}.");

    private static ProblemHttpResult NotFound(string scheduleId) => Problems.NotFound($"No schedule with id '{scheduleId}'.");

    private static async Task<Results<Created<ScheduleResponse>, Ok<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        [Description("The schedule id.")] string scheduleId, HttpContext http, IGrainFactory grains, ClusterCalls calls, Automation.Persistence.IDefinitionStore definitions)
    {
        if (!ResourceNames.IsScheduleId(scheduleId))
        {
            return InvalidId(scheduleId);
        }

        var body = await RequestJson.ReadAsync<PutScheduleRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var errors = new List<(string, string)>();
        var spec = ScheduleRequestParser.Parse(scheduleId, body.Value!, errors);
        if (spec is null)
        {
            return Problems.Validation(errors);
        }

        if (!http.User.Allows(Permissions.WorkflowsStart, spec.Definition))
        {
            return Problems.NotForDefinition(Permissions.WorkflowsStart, spec.Definition);
        }

        if (await definitions.GetAsync(spec.Definition, spec.Version, http.RequestAborted) is null)
        {
            return spec.Version is null
                ? Problems.Validation("$.definition", $"No definition named '{spec.Definition}'. Register it with PUT /api/v1/definitions/{spec.Definition}.")
                : Problems.Validation("$.version", $"Definition '{spec.Definition}' has no version {spec.Version}.");
        }

        var result = await calls.RunAsync(() => grains.GetGrain<IScheduleGrain>(scheduleId).PutAsync(spec, http.User.Actor()), http.RequestAborted);
        if (result.Errors is { Count: > 0 } grainErrors)
        {
            return Problems.Validation(grainErrors.Select(e => (e.Path, e.Message)));
        }

        var response = ScheduleResponses.From(result.Snapshot!, null);
        return result.Created ? TypedResults.Created($"/api/v1/schedules/{scheduleId}", response) : TypedResults.Ok(response);
    }

    private static async Task<Ok<ScheduleListResponse>> ListAsync(IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        var ids = await calls.RunAsync(() => grains.GetGrain<IScheduleRegistryGrain>(IScheduleRegistryGrain.Key).ListAsync(), http.RequestAborted);
        var snapshots = await Task.WhenAll(ids.Select(id => calls.RunAsync(() => grains.GetGrain<IScheduleGrain>(id).GetAsync(), http.RequestAborted)));
        return TypedResults.Ok(new ScheduleListResponse([.. snapshots.OfType<ScheduleSnapshot>().Select(s => ScheduleResponses.From(s, null))]));
    }

    private static async Task<Results<Ok<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [Description("The schedule id.")] string scheduleId, IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        if (!ResourceNames.IsScheduleId(scheduleId))
        {
            return InvalidId(scheduleId);
        }

        var snapshot = await calls.RunAsync(() => grains.GetGrain<IScheduleGrain>(scheduleId).GetAsync(), http.RequestAborted);
        if (snapshot is null)
        {
            return NotFound(scheduleId);
        }

        var statuses = await Task.WhenAll(snapshot.Runs.Select(r => calls.RunAsync(
            () => grains.GetGrain<Automation.Workflows.IWorkflowGrain>(r.WorkflowId).GetAsync(), http.RequestAborted)));
        return TypedResults.Ok(ScheduleResponses.From(snapshot, statuses.Select(s => s?.Status).ToList()));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        [Description("The schedule id.")] string scheduleId, IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        if (!ResourceNames.IsScheduleId(scheduleId))
        {
            return InvalidId(scheduleId);
        }

        return await calls.RunAsync(() => grains.GetGrain<IScheduleGrain>(scheduleId).DeleteAsync(), http.RequestAborted)
            ? TypedResults.NoContent()
            : NotFound(scheduleId);
    }

    private static Task<Results<Ok<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> PauseAsync(
        [Description("The schedule id.")] string scheduleId, IGrainFactory grains, ClusterCalls calls, HttpContext http) =>
        SetPausedAsync(scheduleId, true, grains, calls, http);

    private static Task<Results<Ok<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> ResumeAsync(
        [Description("The schedule id.")] string scheduleId, IGrainFactory grains, ClusterCalls calls, HttpContext http) =>
        SetPausedAsync(scheduleId, false, grains, calls, http);

    private static async Task<Results<Ok<ScheduleResponse>, ValidationProblem, ProblemHttpResult>> SetPausedAsync(
        string scheduleId, bool paused, IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        if (!ResourceNames.IsScheduleId(scheduleId))
        {
            return InvalidId(scheduleId);
        }

        var snapshot = await calls.RunAsync(() => grains.GetGrain<IScheduleGrain>(scheduleId).SetPausedAsync(paused), http.RequestAborted);
        return snapshot is null ? NotFound(scheduleId) : TypedResults.Ok(ScheduleResponses.From(snapshot, null));
    }

    private static async Task<Results<Created<TriggerScheduleResponse>, ValidationProblem, ProblemHttpResult>> TriggerAsync(
        [Description("The schedule id.")] string scheduleId, IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        if (!ResourceNames.IsScheduleId(scheduleId))
        {
            return InvalidId(scheduleId);
        }

        var grain = grains.GetGrain<IScheduleGrain>(scheduleId);
        var snapshot = await calls.RunAsync(() => grain.GetAsync(), http.RequestAborted);
        if (snapshot is null)
        {
            return NotFound(scheduleId);
        }

        if (!http.User.Allows(Permissions.WorkflowsStart, snapshot.Spec.Definition))
        {
            return Problems.NotForDefinition(Permissions.WorkflowsStart, snapshot.Spec.Definition);
        }

        // Not retried: a retry would be a second trigger (a new run), not the same one.
        var result = await grain.TriggerAsync();
        if (result is null)
        {
            return NotFound(scheduleId);
        }

        if (result.Run is not { } run)
        {
            var after = await grain.GetAsync();
            return Problems.Conflict($"The run could not start: {after?.LastError ?? result.Outcome.ToString()}");
        }

        var workflow = await calls.RunAsync(() => grains.GetGrain<Automation.Workflows.IWorkflowGrain>(run.WorkflowId).GetAsync(), http.RequestAborted);
        return TypedResults.Created($"/api/v1/workflows/{run.WorkflowId}",
            new TriggerScheduleResponse(run.WorkflowId, workflow?.Status ?? Automation.Workflows.WorkflowStatus.Running));
    }
}
