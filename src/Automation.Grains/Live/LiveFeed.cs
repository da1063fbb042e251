using Automation.Live;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Live;

/// <summary>
/// The silo's live feed: grains hand it a <see cref="LiveChange"/> after a committed change; it never blocks, never
/// awaits and never calls a grain or the database on the caller's path. The change goes into a bounded in-memory
/// buffer (a full buffer drops it and counts the drop); <see cref="FlushAsync"/>, run by <see cref="LiveFeedFlusher"/>
/// about every 250 ms, swaps the buffer, coalesces it and sends it to the <see cref="ILiveHubGrain"/> with one one-way call.
/// </summary>
/// <param name="grains">The grain factory.</param>
/// <param name="logger">The logger.</param>
internal sealed partial class LiveFeed(IGrainFactory grains, ILogger<LiveFeed> logger)
{
    /// <summary>The most changes buffered between two flushes; more are dropped (and counted).</summary>
    internal const int Capacity = 4096;

    private readonly Lock _lock = new();
    private List<LiveChange> _buffer = new(Capacity);
    private List<LiveChange> _spare = new(Capacity);
    private long _dropped;
    private long _droppedTotal;

    /// <summary>How many changes were dropped since the silo started because the buffer was full.</summary>
    public long DroppedTotal => Interlocked.Read(ref _droppedTotal);

    /// <summary>Buffers a change for the next flush: no allocation, no wait beyond a short lock.</summary>
    /// <param name="change">The change.</param>
    public void Publish(LiveChange change)
    {
        lock (_lock)
        {
            if (_buffer.Count < Capacity)
            {
                _buffer.Add(change);
                return;
            }

            _dropped++;
        }

        Interlocked.Increment(ref _droppedTotal);
    }

    /// <summary>Takes what was buffered since the last call, coalesced; <see langword="null"/> when nothing happened.</summary>
    /// <returns>The batch, or <see langword="null"/>.</returns>
    internal LiveBatch? Take()
    {
        List<LiveChange> taken;
        long dropped;
        lock (_lock)
        {
            if (_buffer.Count == 0 && _dropped == 0)
            {
                return null;
            }

            taken = _buffer;
            _buffer = _spare;
            _spare = taken;
            dropped = _dropped;
            _dropped = 0;
        }

        // Only the flusher touches the spare list until its next Take: coalesce it off the lock, then clear it.
        var changes = LiveCoalescer.Coalesce(taken);
        taken.Clear();
        return new LiveBatch(changes, dropped);
    }

    /// <summary>Sends what was buffered to the hub (one one-way call); a failure is logged and the changes are lost (best effort).</summary>
    /// <returns>A task that completes when sent.</returns>
    public async Task FlushAsync()
    {
        if (Take() is not { } batch)
        {
            return;
        }

        if (batch.Dropped > 0)
        {
            LogDropped(batch.Dropped, Capacity); // the API tells its clients to resync
        }

        try
        {
            await grains.GetGrain<ILiveHubGrain>(ILiveHubGrain.Key).PublishAsync(batch).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogFlushFailed(ex, batch.Changes.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live feed dropped {Count} changes: more than {Capacity} within one flush (live pages resync)")]
    private partial void LogDropped(long count, int capacity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sending {Count} live changes to the hub failed; they are lost (live updates are best effort)")]
    private partial void LogFlushFailed(Exception exception, int count);
}
