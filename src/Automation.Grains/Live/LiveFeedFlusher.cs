using Microsoft.Extensions.Logging;

namespace Automation.Grains.Live;

/// <summary>Runs <see cref="LiveFeed.FlushAsync"/> about every <see cref="Period"/> while the silo is active.</summary>
/// <param name="feed">The feed.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
internal sealed partial class LiveFeedFlusher(LiveFeed feed, TimeProvider time, ILogger<LiveFeedFlusher> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How often the feed is flushed.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LiveFeedFlusher), ServiceLifecycleStage.Active, _ =>
        {
            _loop = Task.Run(RunAsync);
            return Task.CompletedTask;
        }, async _ =>
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            if (_loop is { } loop)
            {
                await loop.ConfigureAwait(false);
            }

            await feed.FlushAsync().ConfigureAwait(false); // the last changes, while the silo can still call the hub
        });

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await feed.FlushAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    LogLoopFailed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The silo stops.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flushing the live feed failed")]
    private partial void LogLoopFailed(Exception exception);
}
