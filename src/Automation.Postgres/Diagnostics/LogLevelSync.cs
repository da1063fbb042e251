using Automation.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Automation.Postgres.Diagnostics;

/// <summary>
/// Applies the cluster's run-time log-level overrides (<see cref="ILogLevelsGrain"/>) in this process: at start and
/// then every <see cref="Interval"/>, so a change made through one API process reaches every silo and API within it.
/// </summary>
/// <param name="grains">The grain factory (silo) or cluster client (API).</param>
/// <param name="levels">This process's override source.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed partial class LogLevelSync(IGrainFactory grains, RuntimeLogLevels levels, TimeProvider time, ILogger<LogLevelSync> logger) : BackgroundService
{
    /// <summary>How often each process reads the overrides.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var overrides = await grains.GetGrain<ILogLevelsGrain>(ILogLevelsGrain.Key).GetAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
                if (overrides.Version != levels.Version && !(overrides.Version == 0 && levels.Version < 0))
                {
                    levels.Apply(overrides.Version, overrides.Levels);
                    LogApplied(overrides.Version, overrides.Levels.Count);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The cluster is starting or unreachable: the next tick tries again; the levels in force stay.
                LogReadFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(1, LogLevel.Information, "Applied run-time log-level overrides version {Version} ({Count} categories).")]
    private partial void LogApplied(long version, int count);

    [LoggerMessage(2, LogLevel.Debug, "Could not read the run-time log-level overrides; keeping the levels in force.")]
    private partial void LogReadFailed(Exception exception);
}
