using System.Reflection;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.OpenApi;
using Automation.Postgres.Statistics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>GET /api/v1/system/overview</c>: the silos (from Orleans' management grain), PostgreSQL's health, the API's
/// version and where the Orleans dashboard is.
/// </summary>
internal static partial class SystemApi
{
    // Dead silos stay in the membership table until it is cleaned up: show the latest few, not every one ever.
    private const int InactiveSilosShown = 10;

    private static readonly string Version =
        typeof(SystemApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SystemApi).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Maps the overview route onto the system group.</summary>
    public static RouteGroupBuilder MapSystemOverviewApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/system/overview", OverviewAsync).WithName("GetSystemOverview").WithTags("System")
            .WithSummary("Reads the cluster's silos (status, start, activations), PostgreSQL's health (latency, version, size, connections), the API's version and the Orleans dashboard's address.")
            .ProducesClusterUnavailable();
        return v1;
    }

    private static async Task<Ok<SystemOverviewResponse>> OverviewAsync(
        IGrainFactory grains, ClusterCalls calls, HttpContext http, PostgresServerStatus database, TimeProvider time)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var databaseTask = database.ReadAsync(http.RequestAborted);
        var hosts = await calls.RunAsync(() => management.GetDetailedHosts(onlyActive: false), http.RequestAborted);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).ToArray();
        var statistics = new Dictionary<SiloAddress, SiloRuntimeStatistics>();
        try
        {
            var addresses = active.Select(h => h.SiloAddress).ToArray();
            var stats = await calls.RunAsync(() => management.GetRuntimeStatistics(addresses), http.RequestAborted);
            for (var i = 0; i < addresses.Length && i < stats.Length; i++)
            {
                statistics[addresses[i]] = stats[i];
            }
        }
        catch (SiloUnavailableException)
        {
            // A silo that left between the two calls: its statistics are missing, the rest is still worth showing.
        }

        var silos = active.OrderBy(h => h.StartTime)
            .Concat(hosts.Where(h => h.Status != SiloStatus.Active).OrderByDescending(h => h.IAmAliveTime).Take(InactiveSilosShown))
            .Select(h =>
            {
                var s = statistics.GetValueOrDefault(h.SiloAddress);
                return new SiloResponse(
                    h.SiloAddress.ToParsableString(), h.SiloName, h.HostName, h.Status.ToString(), Utc(h.StartTime),
                    h.IAmAliveTime == default ? null : Utc(h.IAmAliveTime),
                    s?.ActivationCount, s is null ? null : Math.Round(s.EnvironmentStatistics.FilteredCpuUsagePercentage, 1),
                    s?.EnvironmentStatistics.FilteredMemoryUsageBytes, s?.IsOverloaded);
            })
            .ToList();
        var activations = statistics.Count == active.Length ? statistics.Values.Sum(s => (long)s.ActivationCount) : (long?)null;
        var db = await databaseTask;
        return TypedResults.Ok(new SystemOverviewResponse(
            Version, time.GetUtcNow(), silos, active.Length, activations,
            new DatabaseStatusResponse(db.Healthy, db.LatencyMs, db.ServerVersion, db.DatabaseSizeBytes, db.Connections, db.MaxConnections, db.Error),
            ApiDashboardExtensions.RoutePrefix + "/"));
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
