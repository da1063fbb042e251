using Automation.Live;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Automation.Grains.Live;

/// <summary>
/// The live hub: forwards each silo's batches to the subscribed API processes' observers (one-way). No state: after
/// it moves, the API processes' renewals rebuild the list and learn from the new <see cref="_incarnation"/> that
/// changes were lost in between. Subscriptions not renewed within <see cref="Expiry"/> are dropped.
/// </summary>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
[Reentrant]
internal sealed partial class LiveHubGrain(TimeProvider time, ILogger<LiveHubGrain> logger) : Grain, ILiveHubGrain
{
    /// <summary>How long a subscription lives without a renewal (API processes renew about every 30 s).</summary>
    internal static readonly TimeSpan Expiry = TimeSpan.FromSeconds(75);

    private readonly Dictionary<GrainId, (ILiveObserver Observer, DateTimeOffset Renewed)> _observers = [];
    private readonly Guid _incarnation = Guid.NewGuid();

    Task<Guid> ILiveHubGrain.SubscribeAsync(ILiveObserver observer)
    {
        _observers[observer.GetGrainId()] = (observer, time.GetUtcNow());
        DelayDeactivation(Expiry); // an idle cluster must not collect the hub between renewals
        return Task.FromResult(_incarnation);
    }

    Task ILiveHubGrain.UnsubscribeAsync(ILiveObserver observer)
    {
        _observers.Remove(observer.GetGrainId());
        return Task.CompletedTask;
    }

    Task ILiveHubGrain.PublishAsync(LiveBatch batch)
    {
        if (_observers.Count == 0)
        {
            return Task.CompletedTask;
        }

        var now = time.GetUtcNow();
        List<GrainId>? expired = null;
        foreach (var (id, (observer, renewed)) in _observers)
        {
            if (now - renewed > Expiry)
            {
                (expired ??= []).Add(id);
                continue;
            }

            try
            {
                _ = observer.OnChangesAsync(batch); // one-way: completes at once
            }
            catch (Exception ex)
            {
                LogNotifyFailed(ex, id);
                (expired ??= []).Add(id);
            }
        }

        foreach (var id in expired ?? [])
        {
            _observers.Remove(id);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Notifying live observer {Observer} failed; it is dropped until it renews")]
    private partial void LogNotifyFailed(Exception exception, GrainId observer);
}
