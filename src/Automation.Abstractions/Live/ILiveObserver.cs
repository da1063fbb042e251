using Orleans.Concurrency;

namespace Automation.Live;

/// <summary>An API process's subscription to the live changes (one per process, not one per connection).</summary>
[Alias("automation.ILiveObserver")]
public interface ILiveObserver : IGrainObserver
{
    /// <summary>Receives a batch (one-way: the hub never waits on an API process).</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    [Alias("OnChanges"), OneWay]
    Task OnChangesAsync(LiveBatch batch);
}
