using Automation.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Postgres.Retention;

/// <summary>Runs <see cref="RetentionPurger"/> every <see cref="RetentionOptions.Interval"/> in the silo (one silo at a time holds its lock).</summary>
/// <param name="purger">The purge.</param>
/// <param name="options">Retention settings.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The log.</param>
internal sealed partial class RetentionPurgeService(
    RetentionPurger purger, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionPurgeService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        // The first run waits one interval, so that it never races the silo's own start-up.
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await purger.PurgeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next tick tries again: every batch is idempotent.
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention purge failed; retrying at the next interval")]
    private partial void LogFailed(Exception exception);
}
