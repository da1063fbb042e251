using Automation.Live;

namespace Automation.Api.Live;

/// <summary>The API process's one observer of the live hub: hands every batch to the <see cref="LiveBroadcaster"/>.</summary>
/// <param name="broadcaster">The fan-out.</param>
internal sealed class LiveObserver(LiveBroadcaster broadcaster) : ILiveObserver
{
    /// <inheritdoc />
    public Task OnChangesAsync(LiveBatch batch)
    {
        broadcaster.Deliver(batch);
        return Task.CompletedTask;
    }
}
