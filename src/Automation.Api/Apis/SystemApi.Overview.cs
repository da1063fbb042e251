using System.Reflection;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.OpenApi;
using Automation.Operations;
using Automation.Postgres.Statistics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>GET /api/v1/system/overview</c>: the silos (from the gateway silo's membership view, with details from the
/// membership table when it can be read), PostgreSQL's health, the API's version and where the Orleans dashboard is.
/// </summary>
/// <remarks>
/// The page is needed most when something is down, so no part waits for another or fails the request: every cluster
/// call gets <see cref="SiloCallTimeout"/> and no retries (<see cref="ClusterCalls"/> would retry a hung silo for
/// minutes), and what does not answer is reported as missing, with an error, next to what did.
/// </remarks>
internal static partial class SystemApi
{
    // Dead silos stay in the membership table until it is cleaned up: show the latest few, not every one ever.
    private const int InactiveSilosShown = 10;

    private static readonly TimeSpan SiloCallTimeout = TimeSpan.FromSeconds(2);

    private static readonly string Version =
        typeof(SystemApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SystemApi).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Maps the overview route onto the system group.</summary>
    public static RouteGroupBuilder MapSystemOverviewApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/system/overview", OverviewAsync).WithName("GetSystemOverview").WithTags("System")
            .WithSummary("Reads the cluster's silos (status, start, activations), PostgreSQL's health (latency, version, size, connections), the API's version and the Orleans dashboard's address.")
            .WithDescription("Answers 200 while PostgreSQL or a silo is down: the part that did not answer within 2 s is null (silos: [] with clusterError, a silo's statistics with its error, database.healthy false).")
            .ProducesClusterUnavailable();
        return v1;
    }

    private static async Task<Ok<SystemOverviewResponse>> OverviewAsync(
        IGrainFactory grains, HttpContext http, PostgresServerStatus database, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SystemApi).FullName!);
        var aborted = http.RequestAborted;
        var management = grains.GetGrain<IManagementGrain>(0);
        var databaseTask = database.ReadAsync(aborted);

        // Details (host, start, last alive) are in the membership table only: GetDetailedHosts refreshes from it first,
        // so with PostgreSQL down it fails or hangs; the silos themselves come from the view, which does not.
        var detailsTask = BoundedAsync(() => management.GetDetailedHosts(onlyActive: false), time, aborted);
        var (members, membersError) = await BoundedAsync(() => grains.GetGrain<IClusterMembersGrain>(0).GetAsync(), time, aborted);
        string? clusterError = null;
        if (membersError is not null)
        {
            LogClusterUnanswered(logger, membersError);

            // E.g. a silo of an older version during a rolling upgrade, which has no such grain: the table's entries.
            var (fromTable, _) = await detailsTask;
            members = fromTable?.Select(e => new ClusterMemberView(e.SiloAddress, e.SiloName, e.Status)).ToArray();
            clusterError = members is not null ? null
                : membersError is TimeoutException ? $"The cluster did not answer within {SiloCallTimeout.TotalSeconds:0} s."
                : "The cluster could not be reached.";
        }

        var active = (members ?? []).Where(m => m.Status == SiloStatus.Active).OrderBy(m => m.Address.Generation).ToArray();
        var statistics = await Task.WhenAll(active.Select(m => BoundedAsync(() => management.GetRuntimeStatistics([m.Address]), time, aborted)));
        var (detailed, detailsError) = await detailsTask;
        if (detailsError is not null)
        {
            LogMembershipTableUnread(logger, detailsError);
        }

        var details = (detailed ?? []).ToDictionary(e => e.SiloAddress);
        var perSilo = new Dictionary<SiloAddress, (SiloRuntimeStatistics? Statistics, string? Error)>();
        for (var i = 0; i < active.Length; i++)
        {
            var (stats, error) = statistics[i];
            if (error is not null)
            {
                LogSiloUnanswered(logger, active[i].Address.ToParsableString(), error);
            }

            perSilo[active[i].Address] = error is null && stats is [var s]
                ? (s, null)
                : (null, error is TimeoutException ? $"No statistics within {SiloCallTimeout.TotalSeconds:0} s." : "Its statistics could not be read.");
        }

        var silos = active
            .Concat((members ?? []).Where(m => m.Status != SiloStatus.Active).OrderByDescending(m => m.Address.Generation).Take(InactiveSilosShown))
            .Select(m =>
            {
                perSilo.TryGetValue(m.Address, out var read);
                var (s, error) = (read.Statistics, read.Error);
                var entry = details.GetValueOrDefault(m.Address);
                return new SiloResponse(
                    m.Address.ToParsableString(), m.Name, entry?.HostName, m.Status.ToString(), entry is null ? null : Utc(entry.StartTime),
                    entry is null || entry.IAmAliveTime == default ? null : Utc(entry.IAmAliveTime),
                    s?.ActivationCount, s is null ? null : Math.Round(s.EnvironmentStatistics.FilteredCpuUsagePercentage, 1),
                    s?.EnvironmentStatistics.FilteredMemoryUsageBytes, s?.IsOverloaded, error);
            })
            .ToList();
        var activations = active.Length > 0 && perSilo.Values.All(p => p.Statistics is not null)
            ? perSilo.Values.Sum(p => (long)p.Statistics!.ActivationCount)
            : (long?)null;
        var db = await databaseTask;
        return TypedResults.Ok(new SystemOverviewResponse(
            Version, time.GetUtcNow(), silos, active.Length, activations,
            new DatabaseStatusResponse(db.Healthy, db.LatencyMs, db.ServerVersion, db.DatabaseSizeBytes, db.Connections, db.MaxConnections, db.Error),
            clusterError, ApiDashboardExtensions.RoutePrefix + "/"));
    }

    /// <summary>One cluster call, at most <see cref="SiloCallTimeout"/>, no retries; its failure is returned, not thrown.</summary>
    private static async Task<(T? Value, Exception? Error)> BoundedAsync<T>(Func<Task<T>> call, TimeProvider time, CancellationToken aborted)
        where T : class
    {
        try
        {
            return (await call().WaitAsync(SiloCallTimeout, time, aborted), null);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The abandoned call ends by itself (answer or response timeout); its result goes nowhere.
            return (null, ex);
        }
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    [LoggerMessage(2, LogLevel.Warning, "System overview: the cluster did not answer for its membership view.")]
    private static partial void LogClusterUnanswered(ILogger logger, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "System overview: the membership table could not be read; silos are shown without host and start time.")]
    private static partial void LogMembershipTableUnread(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "System overview: silo {Silo} did not answer for its statistics.")]
    private static partial void LogSiloUnanswered(ILogger logger, string silo, Exception exception);
}
