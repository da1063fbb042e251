using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Automation.Grains.Diagnostics;

/// <summary>
/// Agent queue metrics, labelled by capability only: depth, oldest queued age and leased tasks (gauges summed over the
/// partitions active on this silo), hand-off latency (enqueue → lease) and task outcomes.
/// </summary>
public sealed class AgentMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly ConcurrentDictionary<string, PartitionState> _partitions = new(StringComparer.Ordinal);
    private readonly Histogram<double> _handoff;
    private readonly Counter<long> _tasks;
    private readonly TimeProvider _time;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    /// <param name="time">The clock the oldest age is measured on.</param>
    public AgentMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        _meter = meterFactory.Create(AutomationMetrics.MeterName);
        _meter.CreateObservableGauge("automation.agent.queue.depth", () => Sum(p => p.Queued), description: "Agent tasks waiting for a lease, by capability.");
        _meter.CreateObservableGauge("automation.agent.queue.oldest_age", ObserveOldest, unit: "s", description: "Age of the oldest queued agent task, by capability.");
        _meter.CreateObservableGauge("automation.agent.tasks.leased", () => Sum(p => p.Leased), description: "Agent tasks held by agents, by capability.");
        _handoff = _meter.CreateHistogram<double>("automation.agent.handoff", unit: "s", description: "Time from enqueue to lease of agent tasks, by capability.");
        _tasks = _meter.CreateCounter<long>("automation.agent.tasks", description: "Agent task attempts that ended, by capability and outcome (completed, failed, queue-timeout, run-timeout, heartbeat-timeout, requeued, cancelled).");
    }

    /// <summary>Records what a partition holds now.</summary>
    /// <param name="queueKey">The partition.</param>
    /// <param name="capability">Its capability.</param>
    /// <param name="queued">Queued tasks.</param>
    /// <param name="leased">Leased tasks.</param>
    /// <param name="oldest">When the oldest queued task was queued.</param>
    public void Partition(string queueKey, string capability, int queued, int leased, DateTimeOffset? oldest) =>
        _partitions[queueKey] = new PartitionState(capability, queued, leased, oldest);

    /// <summary>Forgets a partition that deactivated.</summary>
    /// <param name="queueKey">The partition.</param>
    public void PartitionGone(string queueKey) => _partitions.TryRemove(queueKey, out _);

    /// <summary>Records one hand-off.</summary>
    /// <param name="capability">The capability.</param>
    /// <param name="latency">Enqueue → lease.</param>
    public void HandedOff(string capability, TimeSpan latency) =>
        _handoff.Record(Math.Max(0, latency.TotalSeconds), new KeyValuePair<string, object?>("capability", capability));

    /// <summary>Counts an attempt that ended.</summary>
    /// <param name="capability">The capability.</param>
    /// <param name="outcome">How it ended.</param>
    public void TaskEnded(string capability, string outcome) =>
        _tasks.Add(1, new KeyValuePair<string, object?>("capability", capability), new KeyValuePair<string, object?>("outcome", outcome));

    private IEnumerable<Measurement<int>> Sum(Func<PartitionState, int> value) =>
        _partitions.Values.GroupBy(p => p.Capability, StringComparer.Ordinal)
            .Select(g => new Measurement<int>(g.Sum(value), new KeyValuePair<string, object?>("capability", g.Key)));

    private IEnumerable<Measurement<double>> ObserveOldest()
    {
        var now = _time.GetUtcNow();
        return _partitions.Values.GroupBy(p => p.Capability, StringComparer.Ordinal)
            .Select(g => new Measurement<double>(
                g.Min(p => p.Oldest) is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0,
                new KeyValuePair<string, object?>("capability", g.Key)));
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private sealed record PartitionState(string Capability, int Queued, int Leased, DateTimeOffset? Oldest);
}
