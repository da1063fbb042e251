using System.ComponentModel;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/services</c>: monitored services. Each is a <c>ServiceGrain</c> that probes it on its interval, runs the
/// health state machine and records transitions; its history is in PostgreSQL.
/// </summary>
internal static partial class ServicesApi
{
    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapServicesApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/services").WithTags("Services");
        group.MapGet("/", ListAsync).WithName("ListServices")
            .WithSummary("Lists monitored services ordered by name, a page at a time (limit, cursor), with counts by status and roll-ups by tag and owner over every match; filters by status, tag and owner.")
            .WithParameterSchema("status", ParameterSchemas.EnumOf<ServiceStatus>())
            .ProducesClusterUnavailable();
        group.MapGet("/graph", GraphAsync).WithName("GetServiceGraph")
            .WithSummary("Returns the dependency graph: every service with its statuses, and an edge per dependency.")
            .ProducesClusterUnavailable();
        group.MapPut("/{name}", PutAsync).WithName("PutService")
            .WithSummary("Registers (201) or replaces (200) a monitored service; a workflow probe needs workflows:start for its definition too.")
            .Accepts<PutServiceRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithServiceName();
        group.MapGet("/{name}", GetAsync).WithName("GetService")
            .WithSummary("Reads a service: its registration, shown and probe status, maintenance window, latest probe and latest 100 transitions.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithServiceName();
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteService")
            .WithSummary("Deletes a service with its history; refused (409) while other services depend on it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesClusterUnavailable()
            .WithServiceName();
        group.MapGet("/{name}/health", HealthAsync).WithName("GetServiceHealth")
            .WithSummary("Reads a service's health history: recent probes, per-minute latency p50/p95/max for 24 h, uptime over 24 h and 7 d, transitions of 7 d.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithServiceName();
        group.MapPut("/{name}/maintenance", PutMaintenanceAsync).WithName("PutServiceMaintenance")
            .WithSummary("Sets a maintenance window: the service shows Maintenance until its end (probes go on and are recorded).")
            .Accepts<PutMaintenanceRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithServiceName();
        group.MapDelete("/{name}/maintenance", DeleteMaintenanceAsync).WithName("DeleteServiceMaintenance")
            .WithSummary("Ends the maintenance window now.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithServiceName();
        return group;
    }

    private static RouteHandlerBuilder WithServiceName(this RouteHandlerBuilder builder) =>
        builder.WithParameterSchema("name", ParameterSchemas.Pattern(ResourceNames.ServiceNamePattern, 100));

    private static ValidationProblem InvalidName() => Problems.Validation("name", $"Not a valid service name: {ResourceNames.ServiceNameRule}.");

    private static ProblemHttpResult NotFound(string name) => Problems.NotFound($"No service named '{name}'.");

    private static async Task<Results<Created<ServiceResponse>, Ok<ServiceResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        [Description("The service name.")] string name, HttpContext http, IGrainFactory grains, ClusterCalls calls,
        Automation.Persistence.IDefinitionStore definitions, TimeProvider time)
    {
        if (!ResourceNames.IsServiceName(name))
        {
            return InvalidName();
        }

        var body = await RequestJson.ReadAsync<PutServiceRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var errors = new List<(string, string)>();
        var spec = ServiceRequestParser.Parse(body.Value!, errors);
        if (spec is null)
        {
            return Problems.Validation(errors);
        }

        if (spec.Probe is { Type: ProbeType.Workflow, Definition: { } definition })
        {
            if (!http.User.Allows(Permissions.WorkflowsStart, definition))
            {
                return Problems.NotForDefinition(Permissions.WorkflowsStart, definition);
            }

            if (await definitions.GetAsync(definition, null, http.RequestAborted) is null)
            {
                return Problems.Validation("$.probe.definition", $"No definition named '{definition}'. Register it with PUT /api/v1/definitions/{definition}.");
            }
        }

        var result = await calls.RunAsync(() => grains.GetGrain<IServiceGrain>(name).PutAsync(spec, http.User.Actor()), http.RequestAborted);
        if (result.Errors is { Count: > 0 } grainErrors)
        {
            return Problems.Validation(grainErrors.Select(e => (e.Path, e.Message)));
        }

        var response = ServiceResponses.From(result.Snapshot!, time.GetUtcNow());
        return result.Created ? TypedResults.Created($"/api/v1/services/{name}", response) : TypedResults.Ok(response);
    }

    private const int DefaultListLimit = 100;
    private const int MaxListLimit = 1000;

    private static async Task<Results<Ok<ServiceListResponse>, ValidationProblem>> ListAsync(
        [Description("Only services with this shown status.")] string? status,
        [Description("Only services with this tag.")] string? tag,
        [Description("Only services of this owner.")] string? owner,
        [Description("Page size, 1 to 1000 (default 100).")] string? limit,
        [Description("The nextCursor of the previous page; pass the same filters with it.")] string? cursor,
        IGrainFactory grains, ClusterCalls calls, HttpContext http, TimeProvider time)
    {
        var errors = new List<(string, string)>();
        ServiceStatus? statusFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<ServiceStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _))
            {
                statusFilter = s;
            }
            else
            {
                errors.Add(("status", $"'{status}' is not a status. Use one of {string.Join(", ", Enum.GetNames<ServiceStatus>())}."));
            }
        }

        var pageSize = DefaultListLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageSize)
            || pageSize is < 1 or > MaxListLimit))
        {
            errors.Add(("limit", $"Must be a whole number from 1 to {MaxListLimit}, not '{limit}'."));
        }

        string? after = null;
        if (cursor is not null && (after = ServiceCursor.Decode(cursor)) is null)
        {
            errors.Add(("cursor", "Not a cursor this endpoint returned: pass the nextCursor of the previous page unchanged."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // One call: the registry keeps every service's latest snapshot, pushed by the service grains.
        var page = await calls.RunAsync(() => grains.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key)
            .ListPageAsync(new ServiceListQuery(statusFilter, tag, owner, after, pageSize)), http.RequestAborted);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new ServiceListResponse(
            [.. page.Items.Select(s => ServiceResponses.From(s, now))],
            ServiceResponses.Counts([.. page.Matching.Select(s => s.Status)]),
            ServiceResponses.Groups(page.Matching, s => s.Tags),
            ServiceResponses.Groups(page.Matching, s => s.Owner is { } o ? [o] : []))
        {
            NextCursor = page.Last is { } last ? ServiceCursor.Encode(last) : null,
        });
    }

    private static async Task<Ok<ServiceGraphResponse>> GraphAsync(IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        var all = await calls.RunAsync(() => grains.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key).SnapshotsAsync(), http.RequestAborted);
        return TypedResults.Ok(new ServiceGraphResponse(
            [.. all.Select(s => new ServiceNodeResponse(s.Name, s.Status, s.ProbeStatus, s.Spec.Owner, s.Spec.Tags))],
            [.. all.SelectMany(s => s.Spec.DependsOn.Select(d => new ServiceEdgeResponse(s.Name, d)))]));
    }

    private static async Task<Results<Ok<ServiceResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [Description("The service name.")] string name, IGrainFactory grains, ClusterCalls calls, HttpContext http, TimeProvider time)
    {
        if (!ResourceNames.IsServiceName(name))
        {
            return InvalidName();
        }

        var snapshot = await calls.RunAsync(() => grains.GetGrain<IServiceGrain>(name).GetAsync(), http.RequestAborted);
        return snapshot is null ? NotFound(name) : TypedResults.Ok(ServiceResponses.From(snapshot, time.GetUtcNow()));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        [Description("The service name.")] string name, IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        if (!ResourceNames.IsServiceName(name))
        {
            return InvalidName();
        }

        var result = await calls.RunAsync(() => grains.GetGrain<IServiceGrain>(name).DeleteAsync(), http.RequestAborted);
        return result.Outcome switch
        {
            DeleteServiceOutcome.Deleted => TypedResults.NoContent(),
            DeleteServiceOutcome.HasDependents => Problems.Conflict($"Services depend on '{name}': {string.Join(", ", result.Dependents)}. Remove it from their dependsOn first."),
            _ => NotFound(name),
        };
    }

    private static async Task<Results<Ok<ServiceHealthResponse>, ValidationProblem, ProblemHttpResult>> HealthAsync(
        [Description("The service name.")] string name, IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        if (!ResourceNames.IsServiceName(name))
        {
            return InvalidName();
        }

        var report = await calls.RunAsync(() => grains.GetGrain<IServiceGrain>(name).GetHealthAsync(), http.RequestAborted);
        return report is null ? NotFound(name) : TypedResults.Ok(ServiceResponses.From(report));
    }

    private static async Task<Results<Ok<ServiceResponse>, ValidationProblem, ProblemHttpResult>> PutMaintenanceAsync(
        [Description("The service name.")] string name, HttpContext http, IGrainFactory grains, ClusterCalls calls, TimeProvider time)
    {
        if (!ResourceNames.IsServiceName(name))
        {
            return InvalidName();
        }

        var body = await RequestJson.ReadAsync<PutMaintenanceRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var errors = new List<(string, string)>();
        var now = time.GetUtcNow();
        if (ServiceRequestParser.ParseMaintenance(body.Value!, now, errors) is not { } window)
        {
            return Problems.Validation(errors);
        }

        var snapshot = await calls.RunAsync(() => grains.GetGrain<IServiceGrain>(name).SetMaintenanceAsync(window.Until, window.Reason, http.User.Actor()), http.RequestAborted);
        return snapshot is null ? NotFound(name) : TypedResults.Ok(ServiceResponses.From(snapshot, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<ServiceResponse>, ValidationProblem, ProblemHttpResult>> DeleteMaintenanceAsync(
        [Description("The service name.")] string name, IGrainFactory grains, ClusterCalls calls, HttpContext http, TimeProvider time)
    {
        if (!ResourceNames.IsServiceName(name))
        {
            return InvalidName();
        }

        var snapshot = await calls.RunAsync(() => grains.GetGrain<IServiceGrain>(name).ClearMaintenanceAsync(), http.RequestAborted);
        return snapshot is null ? NotFound(name) : TypedResults.Ok(ServiceResponses.From(snapshot, time.GetUtcNow()));
    }
}
