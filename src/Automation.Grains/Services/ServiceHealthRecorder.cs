using System.Collections.Concurrent;
using Automation.Engine.Services;
using Automation.Grains.Hosting;
using Automation.Persistence;
using Automation.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Services;

/// <summary>
/// One per silo: buffers the probe results and transitions of the service grains it hosts, aggregates latencies per
/// service and minute in memory, and writes them to <see cref="IServiceHealthStore"/> in one transaction every
/// <see cref="ServiceMonitorOptions.HistoryFlushInterval"/> (closed minutes only; the rest at shutdown), then prunes
/// once a minute. Grains only enqueue: no database round trip in a grain turn. Without a store (in-memory clusters)
/// nothing is kept. History is best-effort: a failed flush is logged and its rows dropped, a killed silo loses its buffer.
/// </summary>
internal sealed partial class ServiceHealthRecorder(
    IServiceProvider services,
    IOptions<ServiceMonitorOptions> options,
    TimeProvider time,
    ILogger<ServiceHealthRecorder> logger) : BackgroundService
{
    /// <summary>Above this many buffered probe results new ones are dropped (the database is down or far behind).</summary>
    internal const int MaxBuffered = 200_000;

    private readonly IServiceHealthStore? _store = services.GetService<IServiceHealthStore>();
    private readonly ConcurrentQueue<ServiceProbeRecord> _probes = new();
    private readonly ConcurrentQueue<ServiceTransition> _transitions = new();
    private readonly MinuteAggregator _minutes = new();

    // Services with probe rows written since the last prune. Invariant: read and changed only while holding _flush, so
    // a flush (the timer's, or a deleting grain's) and a prune never interleave on it: a prune takes every service
    // that a finished flush wrote, and a flush in progress finishes before the prune takes the set.
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _flush = new(1, 1);
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;
    private int _buffered;

    /// <summary>Buffers a probe result.</summary>
    /// <param name="service">The service.</param>
    /// <param name="result">The result.</param>
    public void Record(string service, ProbeResult result)
    {
        lock (_minutes)
        {
            _minutes.Add(service, result);
        }

        if (Interlocked.Increment(ref _buffered) > MaxBuffered)
        {
            Interlocked.Decrement(ref _buffered);
            return;
        }

        _probes.Enqueue(new ServiceProbeRecord(service, result));
    }

    /// <summary>Buffers a transition.</summary>
    /// <param name="transition">The transition.</param>
    public void Record(ServiceTransition transition) => _transitions.Enqueue(transition);

    /// <summary>The service's minutes not yet written (the current one, usually).</summary>
    /// <param name="service">The service.</param>
    /// <returns>Aggregates, oldest first.</returns>
    public IReadOnlyList<ServiceMinute> OpenMinutes(string service)
    {
        lock (_minutes)
        {
            return _minutes.Peek(service);
        }
    }

    /// <summary>Drops the open minutes of a deleted service (its buffered probes are written and then deleted with its history).</summary>
    /// <param name="service">The service.</param>
    public void Forget(string service)
    {
        lock (_minutes)
        {
            _minutes.Forget(service);
        }
    }

    /// <summary>Writes what is buffered now (closed minutes only unless <paramref name="all"/>).</summary>
    /// <param name="all">Also the open minutes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    public async Task FlushAsync(bool all, CancellationToken cancellationToken)
    {
        await _flush.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var probes = new List<ServiceProbeRecord>();
            while (_probes.TryDequeue(out var p))
            {
                probes.Add(p);
            }

            Interlocked.Add(ref _buffered, -probes.Count);
            var transitions = new List<ServiceTransition>();
            while (_transitions.TryDequeue(out var t))
            {
                transitions.Add(t);
            }

            IReadOnlyList<ServiceMinute> minutes;
            lock (_minutes)
            {
                minutes = _minutes.Drain(time.GetUtcNow(), all);
            }

            if (_store is null || (probes.Count == 0 && minutes.Count == 0 && transitions.Count == 0))
            {
                return;
            }

            try
            {
                await _store.AppendAsync(probes, minutes, transitions, cancellationToken).ConfigureAwait(false);
                foreach (var p in probes)
                {
                    _written.Add(p.Service);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFlushFailed(ex, probes.Count, minutes.Count, transitions.Count);
            }
        }
        finally
        {
            _flush.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HistoryFlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(all: false, stoppingToken).ConfigureAwait(false);
                await PruneAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(all: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _flush.Dispose();
        base.Dispose();
    }

    private Task PruneAsync(CancellationToken cancellationToken) => PruneAsync(time.GetUtcNow(), cancellationToken);

    /// <summary>Prunes the services written since the last prune, at most once a minute (only the flush timer's loop calls it).</summary>
    /// <param name="now">Now.</param>
    /// <param name="cancellationToken">Cancels the wait and the prune.</param>
    /// <returns>A task that completes when pruned.</returns>
    internal async Task PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_store is null || now - _lastPrune < TimeSpan.FromMinutes(1))
        {
            return;
        }

        _lastPrune = now;
        var o = options.Value;
        List<string> written;
        await _flush.WaitAsync(cancellationToken).ConfigureAwait(false); // the invariant of _written
        try
        {
            written = [.. _written];
            _written.Clear();
        }
        finally
        {
            _flush.Release();
        }

        try
        {
            await _store.PruneAsync(written, o.KeepProbes, now - o.ProbeRetention, now - o.ProbeRetention, now - o.TransitionRetention, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPruneFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service history: a flush failed; {Probes} probe results, {Minutes} minutes and {Transitions} transitions are not stored")]
    private partial void LogFlushFailed(Exception exception, int probes, int minutes, int transitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service history: pruning failed; it is tried again in a minute")]
    private partial void LogPruneFailed(Exception exception);
}
