using System.Threading.Channels;

namespace Automation.Api.Live;

/// <summary>
/// One open <c>GET /api/v1/events</c>: its filter and a bounded queue of framed events. A client that does not read
/// fast enough fills the queue and is dropped (its stream ends; it reconnects and refetches), never buffered forever.
/// </summary>
internal sealed class LiveConnection
{
    /// <summary>Events queued per connection before it counts as too slow.</summary>
    public const int Capacity = 256;

    private readonly Channel<LiveEvent> _queue = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // with TryWrite only: a full queue answers false, and the connection is dropped
    });

    /// <summary>Creates a connection.</summary>
    /// <param name="id">The process-local connection number.</param>
    /// <param name="filter">What it is sent.</param>
    public LiveConnection(long id, LiveEventFilter filter)
    {
        Id = id;
        Filter = filter;
    }

    /// <summary>The process-local connection number.</summary>
    public long Id { get; }

    /// <summary>What it is sent.</summary>
    public LiveEventFilter Filter { get; }

    /// <summary>Whether it was dropped for being too slow.</summary>
    public bool Dropped { get; private set; }

    /// <summary>Where the stream reads.</summary>
    public ChannelReader<LiveEvent> Reader => _queue.Reader;

    /// <summary>Queues an event without waiting; a full queue drops the connection.</summary>
    /// <param name="e">The event.</param>
    /// <returns><see langword="false"/> when the connection was dropped (now or before).</returns>
    public bool Offer(LiveEvent e)
    {
        if (_queue.Writer.TryWrite(e))
        {
            return true;
        }

        if (!Dropped)
        {
            Dropped = true;
            _queue.Writer.TryComplete();
        }

        return false;
    }

    /// <summary>Ends the queue (the stream ends once it has written what is queued).</summary>
    public void Complete() => _queue.Writer.TryComplete();
}
