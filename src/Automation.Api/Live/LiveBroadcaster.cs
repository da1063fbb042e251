using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Automation.Api.Contracts;
using Automation.Live;
using Microsoft.Extensions.Logging;

namespace Automation.Api.Live;

/// <summary>
/// The API process's fan-out: the one <see cref="ILiveObserver"/> of the process hands it every batch, and it frames
/// each change once and queues it on every open connection whose filter allows it. Many connections cost one
/// observer; a slow connection is dropped (<see cref="LiveConnection"/>).
/// </summary>
/// <param name="logger">The logger.</param>
internal sealed partial class LiveBroadcaster(ILogger<LiveBroadcaster> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly ConcurrentDictionary<long, LiveConnection> _connections = new();
    private long _nextConnection;
    private long _nextEvent;
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the process's observer is subscribed to the hub: from then on changes flow.</summary>
    public Task Subscribed => _subscribed.Task;

    /// <summary>Records that the observer is subscribed (called by <see cref="LiveSubscription"/>).</summary>
    public void MarkSubscribed() => _subscribed.TrySetResult();

    /// <summary>How many connections are open.</summary>
    public int Count => _connections.Count;

    /// <summary>Opens a connection; close it with <see cref="Close"/>.</summary>
    /// <param name="filter">What it is sent.</param>
    /// <returns>The connection.</returns>
    public LiveConnection Open(LiveEventFilter filter)
    {
        var connection = new LiveConnection(Interlocked.Increment(ref _nextConnection), filter);
        _connections[connection.Id] = connection;
        return connection;
    }

    /// <summary>Forgets a connection.</summary>
    /// <param name="connection">The connection.</param>
    public void Close(LiveConnection connection)
    {
        _connections.TryRemove(connection.Id, out _);
        connection.Complete();
    }

    /// <summary>A control event for one connection (e.g. <c>ready</c>), numbered like the others.</summary>
    /// <param name="name">The event name.</param>
    /// <param name="data">The data, serialized as JSON.</param>
    /// <returns>The event.</returns>
    public LiveEvent Control(string name, object data) =>
        new(null, SseFrames.Event(Interlocked.Increment(ref _nextEvent), name, JsonSerializer.Serialize(data, Json)));

    /// <summary>Queues a batch's changes on the connections that may see them.</summary>
    /// <param name="batch">The batch.</param>
    public void Deliver(LiveBatch batch)
    {
        if (_connections.IsEmpty)
        {
            return;
        }

        foreach (var change in batch.Changes)
        {
            LiveEvent? framed = null;
            foreach (var (_, connection) in _connections)
            {
                if (!connection.Filter.Allows(change))
                {
                    continue;
                }

                framed ??= Frame(change);
                if (!connection.Offer(framed))
                {
                    Drop(connection);
                }
            }
        }

        if (batch.Dropped > 0)
        {
            Resync("changes-dropped"); // a silo's buffer overflowed: what the pages show may be stale
        }
    }

    /// <summary>Tells every connection to refetch what it shows (changes were lost on the way).</summary>
    /// <param name="reason">Why, for the client.</param>
    public void Resync(string reason)
    {
        if (_connections.IsEmpty)
        {
            return;
        }

        var e = Control("resync", new { reason });
        foreach (var (_, connection) in _connections)
        {
            if (!connection.Offer(e))
            {
                Drop(connection);
            }
        }
    }

    /// <summary>The event a change becomes.</summary>
    /// <param name="change">The change.</param>
    /// <returns>The framed event.</returns>
    internal LiveEvent Frame(LiveChange change)
    {
        var topic = change.Topic switch
        {
            LiveTopic.Workflow => change.IsApproval ? "approval" : "workflow",
            LiveTopic.Alert => "alert",
            _ => "service",
        };
        var data = new LiveEventData(topic, change.Id, change.Status, change.Sequence, change.At, change.Definition, change.StepId, change.StepStatus,
            change.Approvers, change.Severity, change.Source, change.Title, change.Action);
        return new LiveEvent(change, SseFrames.Event(Interlocked.Increment(ref _nextEvent), topic, JsonSerializer.Serialize(data, Json)));
    }

    private void Drop(LiveConnection connection)
    {
        if (_connections.TryRemove(connection.Id, out _))
        {
            LogSlowClient(connection.Id, LiveConnection.Capacity);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live connection {Connection} was dropped: {Capacity} events queued unread (the client reconnects)")]
    private partial void LogSlowClient(long connection, int capacity);
}
