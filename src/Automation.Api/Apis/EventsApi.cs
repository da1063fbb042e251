using System.ComponentModel;
using System.Globalization;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.Live;
using Automation.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/events</c>: the live changes of workflows, approvals, alerts and services as server-sent events, fed by
/// the grains' state changes through the live hub (ADR 0026); each connection gets what its caller may read.
/// </summary>
internal static class EventsApi
{
    /// <summary>Maps the route onto the API's version group.</summary>
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/events", Stream).WithName("StreamEvents").WithTags("Events")
            .WithSummary("Streams live changes (text/event-stream): workflow status and step changes, approvals waiting, alerts and service transitions the caller may read. Best effort: after a reconnect or a resync event, refetch.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithParameterSchema("topics", ParameterSchemas.Pattern("^(workflows|approvals|alerts|services)(,(workflows|approvals|alerts|services))*$", 200))
            .WithParameterSchema("workflowId", ParameterSchemas.Pattern(ResourceNames.WorkflowIdPattern, 200))
            .WithParameterSchema("definition", ParameterSchemas.Pattern(ResourceNames.DefinitionNamePattern, 128));
        return v1;
    }

    private static Results<LiveEventStream, ValidationProblem, ProblemHttpResult> Stream(
        [Description("Comma-separated topics: workflows, approvals, alerts, services (default: every topic the caller may read).")] string? topics,
        [Description("Only this workflow's changes (workflows and approvals topics).")] string? workflowId,
        [Description("Only workflows of this definition (workflows and approvals topics).")] string? definition,
        HttpContext http, LiveBroadcaster broadcaster, IOptions<ApiOptions> options, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        var filter = LiveEventFilter.TryCreate(topics, workflowId, definition, http.User, out var errors, out var forbidden);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (filter is null)
        {
            return Problems.Forbidden($"Reading these topics needs the '{forbidden}' permission.");
        }

        var until = time.GetUtcNow() + options.Value.EventStreamMaxDuration;
        if (http.User.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds < DateTimeOffset.MaxValue.ToUnixTimeSeconds() && DateTimeOffset.FromUnixTimeSeconds(seconds) < until)
        {
            until = DateTimeOffset.FromUnixTimeSeconds(seconds); // never past the token: the client reconnects with a fresh one
        }

        return new LiveEventStream(broadcaster, filter, until, time, lifetime.ApplicationStopping);
    }
}
