using System.Data.Common;
using System.Collections.Concurrent;
using Automation.Security;
using Microsoft.Extensions.Options;

namespace Automation.Api.Security;

/// <summary>
/// Appends the audit records of requests in batches from one background loop, so that auditing adds no database round
/// trip to a request: <see cref="TryEnqueue"/> only queues. The loop gathers records for up to
/// <see cref="AuditOptions.FlushInterval"/> (or <see cref="AuditOptions.MaxBatchSize"/> of them) and appends them with one
/// statement. While the database is down it retries the batch with back-off (100 ms doubling to 5 s) and keeps up to
/// <see cref="AuditOptions.BufferCapacity"/> more records queued; beyond that new records are dropped and counted in a
/// warning. Disposing (when the host stops, after the server has finished its requests) writes what is queued, retrying
/// for at most <see cref="AuditOptions.ShutdownTimeout"/>.
/// </summary>
/// <remarks>
/// The trade-off (docs/adr/0006-audit-trail-writes.md): a crash loses the records of roughly the last
/// <see cref="AuditOptions.FlushInterval"/> plus one write, and a long database outage loses those beyond the buffer.
/// Sign-in and account events (<see cref="AuditTrail"/>) are still written before their answer.
/// </remarks>
public sealed partial class AuditWriter : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly IAuditLog _log;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditWriter> _logger;
    // Requests only enqueue (lock-free) and count; the loop sleeps until a batch starts, then lingers without waking per
    // record. A bounded channel took a lock per write and per read and woke the loop for every record it waited for.
    private readonly ConcurrentQueue<AuditRecord> _queue = new();
    private readonly SemaphoreSlim _started = new(0); // the first record of a batch arrived, or stopping
    private readonly SemaphoreSlim _full = new(0); // a batch's worth is queued, or stopping
    private readonly CancellationTokenSource _giveUp;
    private readonly Task _loop;
    private int _queued;
    private long _dropped;
    private volatile bool _stopped;

    /// <summary>Creates the writer and starts its loop.</summary>
    /// <param name="log">Where the records go.</param>
    /// <param name="options">Buffer, batch and timing settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Receives write failures and drops.</param>
    public AuditWriter(IAuditLog log, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _log = log;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _giveUp = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a record without waiting; drops it (with a warning) when the buffer is full or the writer is stopped.</summary>
    /// <param name="record">The record.</param>
    /// <returns><see langword="true"/> when it was queued.</returns>
    public bool TryEnqueue(AuditRecord record)
    {
        // Counted before the stop is checked: the loop reads the stop before the count, so a record counted here is
        // either refused or seen by the loop before it exits.
        var queued = Interlocked.Increment(ref _queued);
        if (_stopped)
        {
            Interlocked.Decrement(ref _queued);
            LogStopped(record.Action);
            return false;
        }

        if (queued > _options.BufferCapacity)
        {
            Interlocked.Decrement(ref _queued);
            if (Interlocked.Increment(ref _dropped) == 1)
            {
                LogDropping(_options.BufferCapacity);
            }

            return false;
        }

        _queue.Enqueue(record);
        if (queued == 1)
        {
            _started.Release();
        }

        if (queued == BatchSize)
        {
            _full.Release();
        }

        return true;
    }

    /// <summary>Stops accepting records and writes those queued, giving up after <see cref="AuditOptions.ShutdownTimeout"/>.</summary>
    /// <returns>A task that completes when the loop has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        _started.Release();
        _full.Release();
        _giveUp.CancelAfter(_options.ShutdownTimeout);
        await _loop.ConfigureAwait(false);
        _giveUp.Dispose();
        // The two semaphores are not disposed: a late request may still signal them (they hold no wait handle).
    }

    private async Task RunAsync()
    {
        try
        {
            await WriteLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A bug, not an outage (those are retried): nothing is written from here on, and the full buffer says so.
            LogLoopFailed(ex);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<AuditRecord>(_options.MaxBatchSize);
        while (true)
        {
            var stopped = _stopped; // read before the count (see TryEnqueue)
            if (Volatile.Read(ref _queued) == 0)
            {
                if (stopped)
                {
                    return;
                }

                await _started.WaitAsync().ConfigureAwait(false); // may be a stale signal: the count is checked again
                continue;
            }

            await LingerAsync().ConfigureAwait(false);
            Take(batch);
            if (batch.Count == 0)
            {
                continue; // counted, not yet in the queue: the writer is between its two steps
            }

            if (!await WriteAsync(batch).ConfigureAwait(false))
            {
                var lost = batch.Count;
                while (_queue.TryDequeue(out _))
                {
                    lost++;
                }

                LogLostAtShutdown(lost);
                return;
            }

            batch.Clear();
            if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
            {
                LogDropped(dropped);
            }
        }
    }

    /// <summary>Waits until a batch's worth is queued, the flush interval has passed, or the writer is stopping.</summary>
    private async Task LingerAsync()
    {
        // Signals of a batch already taken would cut this one short.
        while (Volatile.Read(ref _queued) < BatchSize && !_stopped && _full.Wait(0))
        {
        }

        if (Volatile.Read(ref _queued) >= BatchSize || _stopped)
        {
            return;
        }

        using var linger = new CancellationTokenSource(_options.FlushInterval, _time);
        try
        {
            await _full.WaitAsync(linger.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The flush interval has passed: write what there is.
        }
    }

    /// <summary>How many queued records end the linger: a batch, or the whole buffer when it holds less than a batch.</summary>
    private int BatchSize => Math.Min(_options.MaxBatchSize, _options.BufferCapacity);

    /// <summary>Takes up to a batch of queued records, oldest first.</summary>
    private void Take(List<AuditRecord> batch)
    {
        while (batch.Count < _options.MaxBatchSize && _queue.TryDequeue(out var record))
        {
            batch.Add(record);
            Interlocked.Decrement(ref _queued);
        }
    }

    /// <summary>Appends the batch, retrying while the database is unavailable; <see langword="false"/> once shutdown gives up.</summary>
    private async Task<bool> WriteAsync(List<AuditRecord> batch)
    {
        var delay = FirstRetryDelay;
        var failures = 0;
        while (true)
        {
            try
            {
                await _log.AppendAsync(batch, _giveUp.Token).ConfigureAwait(false);
                if (failures > 0)
                {
                    LogRecovered(failures, batch.Count);
                }

                return true;
            }
            catch (Exception ex) when (IsBadData(ex))
            {
                // One record the table refuses must not block the others behind it: write them one by one.
                await WriteEachAsync(batch, ex).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex)
            {
                if (_giveUp.IsCancellationRequested)
                {
                    return false;
                }

                if (++failures == 1)
                {
                    LogRetrying(ex, batch.Count);
                }
            }

            try
            {
                await Task.Delay(delay, _time, _giveUp.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private async Task WriteEachAsync(List<AuditRecord> batch, Exception first)
    {
        var refused = 0;
        foreach (var record in batch)
        {
            try
            {
                await _log.AppendAsync([record], _giveUp.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Refused, or the database went away in the middle: these few are not retried.
                refused++;
            }
        }

        LogRefused(first, refused, batch.Count);
    }

    // SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): retrying cannot help.
    private static bool IsBadData(Exception exception) =>
        exception is DbException { SqlState: ['2', '2' or '3', ..] };
}
