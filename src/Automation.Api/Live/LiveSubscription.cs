using Automation.Live;
using Microsoft.Extensions.Logging;

namespace Automation.Api.Live;

/// <summary>
/// Keeps the process's <see cref="LiveObserver"/> subscribed to the <see cref="ILiveHubGrain"/>: subscribes at start
/// and renews every <see cref="RenewEvery"/> (the hub forgets an observer not renewed for 75 s). A renewal that finds a
/// new hub activation (the hub moved after a silo loss, so changes were lost) tells every connection to resync.
/// </summary>
/// <param name="grains">The cluster client's grain factory.</param>
/// <param name="broadcaster">The fan-out.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
internal sealed partial class LiveSubscription(IGrainFactory grains, LiveBroadcaster broadcaster, TimeProvider time, ILogger<LiveSubscription> logger)
    : BackgroundService
{
    /// <summary>How often the subscription is renewed.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    private readonly LiveObserver _observer = new(broadcaster); // a strong reference: object references are weak
    private ILiveObserver? _reference;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Guid? incarnation = null;
        var hub = grains.GetGrain<ILiveHubGrain>(ILiveHubGrain.Key);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = RenewEvery;
            try
            {
                _reference ??= grains.CreateObjectReference<ILiveObserver>(_observer);
                var current = await hub.SubscribeAsync(_reference).WaitAsync(stoppingToken).ConfigureAwait(false);
                if (incarnation is { } previous && previous != current)
                {
                    broadcaster.Resync("hub-moved");
                }

                incarnation = current;
                broadcaster.MarkSubscribed();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The cluster is not reachable yet (start-up) or for now: pages keep their data and retry their stream.
                LogSubscribeFailed(ex);
                wait = RetryEvery;
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_reference is { } reference)
        {
            try
            {
                await grains.GetGrain<ILiveHubGrain>(ILiveHubGrain.Key).UnsubscribeAsync(reference).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogSubscribeFailed(ex); // the hub forgets it when it expires
            }

            try
            {
                grains.DeleteObjectReference<ILiveObserver>(reference);
            }
            catch (ArgumentException)
            {
                // The Orleans client stopped first and already dropped its object references.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribing to the live hub failed; retrying (live pages pause until then)")]
    private partial void LogSubscribeFailed(Exception exception);
}
