using Orleans.Concurrency;

namespace Automation.Live;

/// <summary>
/// The live hub (one grain, key <see cref="Key"/>, no state): keeps the API processes' observers and forwards every
/// batch the silos' live feeds flush to them. Subscriptions expire unless renewed (API processes renew about every
/// 30 s), so a crashed API process is forgotten; after the hub moves (its silo died) the renewals rebuild the list.
/// </summary>
[Alias("automation.ILiveHubGrain")]
public interface ILiveHubGrain : IGrainWithStringKey
{
    /// <summary>The one key.</summary>
    const string Key = "all";

    /// <summary>Subscribes or renews an observer.</summary>
    /// <param name="observer">The API process's observer reference.</param>
    /// <returns>The hub activation's id: when it differs from the previous renewal's, the hub moved and changes in between were lost.</returns>
    [Alias("Subscribe")]
    Task<Guid> SubscribeAsync(ILiveObserver observer);

    /// <summary>Removes an observer (an API process that stops).</summary>
    /// <param name="observer">The observer reference.</param>
    /// <returns>A task that completes when removed.</returns>
    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(ILiveObserver observer);

    /// <summary>Forwards a batch to every observer (one-way: a silo's feed never waits).</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    [Alias("Publish"), OneWay]
    Task PublishAsync(LiveBatch batch);
}
