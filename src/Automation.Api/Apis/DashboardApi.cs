using System.ComponentModel;
using Automation.Agents;
using Automation.Alerts;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Postgres.Statistics;
using Automation.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>GET /api/v1/dashboard</c>: the console's home page in one call. Workflow activity is aggregated in PostgreSQL
/// from the visibility table over a bounded window (<see cref="PostgresWorkflowStatistics"/>); services, alerts and
/// queues come from where their own endpoints read them. A section the caller may not read is left out, not refused.
/// </summary>
internal static class DashboardApi
{
    // The windows offered, each with the bucket width that keeps the chart between about 60 and 100 points.
    private static readonly Dictionary<string, (TimeSpan Window, TimeSpan Bucket)> Windows = new(StringComparer.Ordinal)
    {
        ["15m"] = (TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(15)),
        ["1h"] = (TimeSpan.FromHours(1), TimeSpan.FromMinutes(1)),
        ["6h"] = (TimeSpan.FromHours(6), TimeSpan.FromMinutes(5)),
        ["24h"] = (TimeSpan.FromHours(24), TimeSpan.FromMinutes(15)),
    };

    private const int LatestAlerts = 5;

    /// <summary>Maps the route onto the API's version group.</summary>
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/dashboard", GetAsync).WithName("GetDashboard").WithTags("Dashboard")
            .WithSummary("Reads the console's home page: workflow rates, success rate, p95 run time, running and paused counts and top failing definitions over a window; services by status; unresolved alerts; agent queues. Sections the caller may not read are left out.")
            .WithParameterSchema("window", ParameterSchemas.Pattern("^(15m|1h|6h|24h)$", 3))
            .ProducesClusterUnavailable();
        return v1;
    }

    private static async Task<Results<Ok<DashboardResponse>, ValidationProblem>> GetAsync(
        [Description("The window of the workflow figures: 15m, 1h (default), 6h or 24h.")] string? window,
        HttpContext http, IGrainFactory grains, ClusterCalls calls, IAlertStore alerts, PostgresWorkflowStatistics statistics, TimeProvider time,
        DashboardSectionCache cache)
    {
        window ??= "1h";
        if (!Windows.TryGetValue(window, out var span))
        {
            return Problems.Validation("window", $"'{window}' is not a window: use 15m, 1h, 6h or 24h.");
        }

        var user = http.User;
        var now = time.GetUtcNow();
        var omitted = new List<OmittedSectionResponse>();
        Task<T?> Section<T>(string name, string permission, bool allowed, Func<Task<T?>> read)
            where T : class
        {
            if (allowed)
            {
                return read();
            }

            omitted.Add(new OmittedSectionResponse(name, permission));
            return Task.FromResult<T?>(null);
        }

        // A reader narrowed to some definitions would see others' figures in the totals: the section needs every definition.
        // The sections do not depend on the caller (only whether they are shown does): each is reused for 10 s.
        var workflows = Section("workflows", Permissions.WorkflowsRead, user.AllowsAll(Permissions.WorkflowsRead),
            () => cache.GetOrReadAsync<DashboardWorkflowsResponse>("workflows:" + window,
                async () => Workflows(await statistics.ReadAsync(now, span.Window, span.Bucket, http.RequestAborted))));
        var services = Section("services", Permissions.ServicesRead, user.AllowsSome(Permissions.ServicesRead),
            () => cache.GetOrReadAsync("services", () => ServicesAsync(grains, calls, http)));
        var unresolved = Section("alerts", Permissions.AlertsRead, user.AllowsSome(Permissions.AlertsRead),
            () => cache.GetOrReadAsync("alerts", () => AlertsAsync(alerts, http.RequestAborted)));
        var capabilities = Section("capabilities", Permissions.AgentsRead, user.AllowsSome(Permissions.AgentsRead),
            () => cache.GetOrReadAsync("capabilities", () => CapabilitiesAsync(grains, calls, http, time)));
        await Task.WhenAll(workflows, services, unresolved, capabilities);

        return TypedResults.Ok(new DashboardResponse(
            window, now, await workflows, await services, await unresolved, await capabilities, omitted));
    }

    private static DashboardWorkflowsResponse Workflows(WorkflowActivity a) => new(
        a.From, a.To, a.BucketSeconds,
        [.. a.Buckets.Select(b => new WorkflowRatePointResponse(b.At, b.Started, b.Completed, b.Failed))],
        a.Buckets.Sum(b => b.Started), a.Finished.Completed, a.Finished.Failed, a.Finished.TimedOut, a.Finished.Cancelled, a.Finished.Terminated,
        a.Finished.SuccessRate is { } rate ? Math.Round(rate, 4) : null, a.P50Seconds, a.P95Seconds, a.Running, a.Paused,
        [.. a.TopFailing.Select(f => new FailingDefinitionResponse(f.Definition, f.Failed, f.Finished))]);

    private static async Task<StatusCountsResponse?> ServicesAsync(IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        // A page of one: the registry answers the statuses of every service in Matching.
        var page = await calls.RunAsync(() => grains.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key)
            .ListPageAsync(new ServiceListQuery(null, null, null, null, 1)), http.RequestAborted);
        return ServiceResponses.Counts([.. page.Matching.Select(s => s.Status)]);
    }

    private static async Task<DashboardAlertsResponse?> AlertsAsync(IAlertStore alerts, CancellationToken cancellationToken)
    {
        var unresolved = await alerts.ListUnresolvedAsync(cancellationToken);
        return new DashboardAlertsResponse(
            unresolved.Count(a => a.Status == AlertStatus.Open),
            unresolved.Count(a => a.Status == AlertStatus.Acknowledged),
            unresolved.Count(a => a.Severity == AlertSeverity.Critical),
            [.. unresolved.OrderByDescending(a => a.RaisedAt).Take(LatestAlerts).Select(AlertResponse.From)]);
    }

    private static async Task<IReadOnlyList<CapabilityResponse>?> CapabilitiesAsync(IGrainFactory grains, ClusterCalls calls, HttpContext http, TimeProvider time)
    {
        var names = await calls.RunAsync(() => grains.GetGrain<IAgentRegistryGrain>(IAgentRegistryGrain.Key).ListCapabilitiesAsync(), http.RequestAborted);
        return await Task.WhenAll(names.Select(name => CapabilitiesApi.ReadAsync(name, grains, calls, http, time)));
    }
}
