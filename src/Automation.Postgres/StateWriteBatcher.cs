using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Automation.Postgres;

/// <summary>
/// Group commit of workflow state writes (ADR 0031). A write is sent at once when fewer than
/// <see cref="Concurrency"/> batches are in flight, so a lone write waits for nothing; while they all are, writes queue
/// and the next free slot sends every queued write (up to <see cref="MaxBatchSize"/>) as one <see cref="NpgsqlBatch"/>:
/// one round trip and one transaction, committed before any of its writers is answered. Each statement keeps its own
/// outcome (a lost version check answers, it does not raise), so one workflow's conflict never touches another's write.
/// A batch that fails as a whole — a statement raising, which rolls back the implicit transaction, or a lost
/// connection — is retried one write at a time, so a failure reaches only the writes it belongs to.
/// </summary>
internal sealed partial class StateWriteBatcher
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _batches;
    private readonly Queue<PendingStateWrite> _queue = new();
    private readonly Lock _gate = new();
    private int _inFlight;

    /// <summary>Creates the batcher.</summary>
    /// <param name="dataSource">The database of the grain storage.</param>
    /// <param name="concurrency">The most batches in flight at once (each on its own connection).</param>
    /// <param name="maxBatchSize">The most writes in one batch.</param>
    /// <param name="meter">Where the writes' durations and the batches are counted.</param>
    /// <param name="logger">Receives batches that failed as a whole.</param>
    public StateWriteBatcher(NpgsqlDataSource dataSource, int concurrency, int maxBatchSize, Meter meter, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _dataSource = dataSource;
        _logger = logger;
        _duration = meter.CreateHistogram<double>(
            "automation.workflow.state_write.duration", "s",
            "Workflow state writes: queued to committed (or failed), including the wait for a free transaction.");
        _batches = meter.CreateCounter<long>(
            "automation.workflow.state_write.batches", description: "Transactions that carried workflow state writes (writes per transaction: the duration's count over this).");
        Concurrency = concurrency;
        MaxBatchSize = maxBatchSize;
    }

    /// <summary>The most batches in flight at once.</summary>
    public int Concurrency { get; }

    /// <summary>The most writes in one batch.</summary>
    public int MaxBatchSize { get; }

    /// <summary>Queues a write; the task completes once the transaction holding it has committed.</summary>
    /// <param name="write">The write.</param>
    /// <returns>The statement's answer.</returns>
    public Task<StateWriteOutcome> WriteAsync(PendingStateWrite write)
    {
        bool send;
        lock (_gate)
        {
            _queue.Enqueue(write);
            send = _inFlight < Concurrency;
            if (send)
            {
                _inFlight++;
            }
        }

        if (send)
        {
            // The sender goes on to carry other workflows' writes: it must not keep this caller's execution context
            // (its activity, its Orleans request context) for them.
            using (ExecutionContext.SuppressFlow())
            {
                _ = SendQueuedAsync();
            }
        }

        return write.Completion.Task;
    }

    /// <summary>Sends batches until the queue is empty, then gives its slot back. Never throws.</summary>
    private async Task SendQueuedAsync()
    {
        var batch = new List<PendingStateWrite>();
        while (true)
        {
            lock (_gate)
            {
                while (batch.Count < MaxBatchSize && _queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                if (batch.Count == 0)
                {
                    _inFlight--;
                    return;
                }
            }

            await SendAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    /// <summary>Sends one batch and answers its writers; a batch that fails as a whole is retried a write at a time.</summary>
    private async Task SendAsync(List<PendingStateWrite> batch)
    {
        try
        {
            var outcomes = await ExecuteAsync(batch).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                Answer(batch[i], outcomes[i], null);
            }

            return;
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            LogBatchFailed(ex, batch.Count);
        }
        catch (Exception ex)
        {
            Answer(batch[0], default, ex);
            return;
        }

        // Nothing of a failed batch committed (one implicit transaction): each write alone, so that only the ones at
        // fault fail.
        foreach (var write in batch)
        {
            try
            {
                var outcomes = await ExecuteAsync([write]).ConfigureAwait(false);
                Answer(write, outcomes[0], null);
            }
            catch (Exception ex)
            {
                Answer(write, default, ex);
            }
        }
    }

    private void Answer(PendingStateWrite write, StateWriteOutcome outcome, Exception? failure)
    {
        _duration.Record(Stopwatch.GetElapsedTime(write.QueuedAt).TotalSeconds);
        if (failure is null)
        {
            write.Completion.TrySetResult(outcome);
        }
        else
        {
            write.Completion.TrySetException(failure);
        }
    }

    /// <summary>One round trip: the batch's statements in one implicit transaction (one Sync), committed at its end.</summary>
    private async Task<StateWriteOutcome[]> ExecuteAsync(List<PendingStateWrite> writes)
    {
        _batches.Add(1);
        await using var command = _dataSource.CreateBatch();
        foreach (var write in writes)
        {
            command.BatchCommands.Add(write.Build());
        }

        var outcomes = new StateWriteOutcome[writes.Count];
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (i > 0 && !await reader.NextResultAsync().ConfigureAwait(false))
            {
                throw new InvalidOperationException($"State write batch of {outcomes.Length} answered {i} results.");
            }

            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                throw new InvalidOperationException("A state write answered no row.");
            }

            outcomes[i] = new StateWriteOutcome(
                reader.IsDBNull(0) ? null : reader.GetInt32(0),
                reader.FieldCount > 1 && !reader.IsDBNull(1) && reader.GetBoolean(1));
        }

        return outcomes;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} workflow state writes failed as a whole; retrying them one at a time")]
    private partial void LogBatchFailed(Exception exception, int count);
}
