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
            .WithSummary("Lists monitored services ordered by name, with counts by status and roll-ups by tag and owner; filters by status, tag and owner.")
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

    private static async Task<Results<Ok<ServiceListResponse>, ValidationProblem>> ListAsync(
        [Description("Only services with this shown status.")] string? status,
        [Description("Only services with this tag.")] string? tag,
        [Description("Only services of this owner.")] string? owner,
        IGrainFactory grains, ClusterCalls calls, HttpContext http, TimeProvider time)
    {
        ServiceStatus? statusFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<ServiceStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _))
            {
                statusFilter = s;
            }
            else
            {
                return Problems.Validation("status", $"'{status}' is not a status. Use one of {string.Join(", ", Enum.GetNames<ServiceStatus>())}.");
            }
        }

        var all = await AllAsync(grains, calls, http);
        var items = all
            .Where(s => statusFilter is null || s.Status == statusFilter)
            .Where(s => tag is null || s.Spec.Tags.Contains(tag, StringComparer.Ordinal))
            .Where(s => owner is null || s.Spec.Owner == owner)
            .ToList();
        var now = time.GetUtcNow();
        return TypedResults.Ok(new ServiceListResponse(
            [.. items.Select(s => ServiceResponses.From(s, now))],
            ServiceResponses.Counts([.. items.Select(s => s.Status)]),
            ServiceResponses.Groups(items, s => s.Spec.Tags),
            ServiceResponses.Groups(items, s => s.Spec.Owner is { } o ? [o] : [])));
    }

    private static async Task<Ok<ServiceGraphResponse>> GraphAsync(IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        var all = await AllAsync(grains, calls, http);
        return TypedResults.Ok(new ServiceGraphResponse(
            [.. all.Select(s => new ServiceNodeResponse(s.Name, s.Status, s.ProbeStatus, s.Spec.Owner, s.Spec.Tags))],
            [.. all.SelectMany(s => s.Spec.DependsOn.Select(d => new ServiceEdgeResponse(s.Name, d)))]));
    }

    private static async Task<List<ServiceSnapshot>> AllAsync(IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        var names = await calls.RunAsync(() => grains.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key).ListAsync(), http.RequestAborted);
        var snapshots = await Task.WhenAll(names.Select(n => calls.RunAsync(() => grains.GetGrain<IServiceGrain>(n).GetAsync(), http.RequestAborted)));
        return [.. snapshots.OfType<ServiceSnapshot>()];
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
