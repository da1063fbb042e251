using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Automation.Postgres;

/// <summary>
/// Group commit of workflow state writes (ADR 0031). A write is sent at once when fewer than
/// <see cref="Concurrency"/> batches are in flight, so a lone write waits for nothing; while they all are, writes queue
/// and the next free slot sends every queued write (up to <see cref="MaxBatchSize"/>, ordered by key) as one
/// <see cref="NpgsqlBatch"/>: one round trip and one implicit transaction, whose commit is read back before any of its
/// writers is answered. Each statement keeps its own outcome (a lost version check answers, it does not raise), so one
/// workflow's conflict never touches another's write. A statement that raises rolls the transaction back: that write
/// fails and the others are sent again; any other failure (a lost connection, a timeout: the commit is unknown) fails
/// every write of the batch, and each grain takes its own fallback.
/// </summary>
internal sealed partial class StateWriteBatcher
{
    private static readonly KeyValuePair<string, object?> Committed = new("outcome", "committed");
    private static readonly KeyValuePair<string, object?> Failed = new("outcome", "failed");

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
    /// <param name="logger">Receives statements that failed inside a batch.</param>
    public StateWriteBatcher(NpgsqlDataSource dataSource, int concurrency, int maxBatchSize, Meter meter, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _dataSource = dataSource;
        _logger = logger;
        Concurrency = concurrency;
        MaxBatchSize = maxBatchSize;
        _duration = meter.CreateHistogram<double>(
            "automation.workflow.state_write.duration", "s",
            "Workflow state writes, queued to committed (or failed), including the wait for a free transaction; by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _batches = meter.CreateCounter<long>(
            "automation.workflow.state_write.batches",
            description: "Committed transactions that carried workflow state writes (writes per transaction: committed writes over this).");
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
            send = TryTakeSlot();
        }

        if (send)
        {
            StartSender();
        }

        return write.Completion.Task;
    }

    /// <summary>Takes a sender slot when writes wait and one is free. Call under <see cref="_gate"/>.</summary>
    private bool TryTakeSlot()
    {
        if (_queue.Count == 0 || _inFlight >= Concurrency)
        {
            return false;
        }

        _inFlight++;
        return true;
    }

    /// <summary>Starts a sender in the slot just taken.</summary>
    private void StartSender()
    {
        // The sender goes on to carry other workflows' writes: it must not keep this caller's execution context (its
        // activity, its Orleans request context) for them.
        if (ExecutionContext.IsFlowSuppressed())
        {
            _ = SendQueuedAsync();
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            _ = SendQueuedAsync();
        }
    }

    /// <summary>Sends batches until the queue is empty, then gives its slot back. Never throws, never strands a write.</summary>
    private async Task SendQueuedAsync()
    {
        var batch = new List<PendingStateWrite>();
        try
        {
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
        catch (Exception ex)
        {
            // Not expected (SendAsync answers every write); should it happen, no writer waits forever and the slot is
            // given back, with a new sender for whatever queued meanwhile.
            foreach (var write in batch.Where(w => !w.Completion.Task.IsCompleted))
            {
                Answer(write, default, ex);
            }

            bool send;
            lock (_gate)
            {
                _inFlight--;
                send = TryTakeSlot();
            }

            if (send)
            {
                StartSender();
            }
        }
    }

    /// <summary>
    /// Sends one batch and answers its writers. A statement that raised is failed alone and the rest sent again (the
    /// transaction rolled back, so none of them was written); any other failure fails them all.
    /// </summary>
    private async Task SendAsync(List<PendingStateWrite> batch)
    {
        // One lock order for every batch (concurrent batches of duplicate activations on other silos, or a retry,
        // would otherwise lock the same rows in opposite orders).
        batch.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var pending = batch;
        while (pending.Count > 0)
        {
            StateWriteOutcome[] outcomes;
            try
            {
                outcomes = await ExecuteAsync(pending).ConfigureAwait(false);
            }
            catch (BatchStatementException ex)
            {
                LogStatementFailed(ex.Error, pending.Count);
                var failed = pending[ex.Index];
                Answer(failed, default, ex.Error);
                pending = [.. pending.Where(w => !ReferenceEquals(w, failed))];
                continue;
            }
            catch (Exception ex)
            {
                foreach (var write in pending)
                {
                    Answer(write, default, ex);
                }

                return;
            }

            _batches.Add(1);
            for (var i = 0; i < pending.Count; i++)
            {
                Answer(pending[i], outcomes[i], null);
            }

            return;
        }
    }

    private void Answer(PendingStateWrite write, StateWriteOutcome outcome, Exception? failure)
    {
        if (failure is null)
        {
            write.Completion.TrySetResult(outcome);
        }
        else
        {
            write.Completion.TrySetException(failure);
        }

        _duration.Record(Stopwatch.GetElapsedTime(write.QueuedAt).TotalSeconds, failure is null ? Committed : Failed);
    }

    /// <summary>
    /// One round trip: the batch's statements in one implicit transaction (one Sync). Returns only once PostgreSQL has
    /// confirmed the end of the batch (its commit): the reader is read to the end, so a failure after the last row —
    /// the commit itself — raises here instead of being swallowed when the reader is disposed.
    /// </summary>
    private async Task<StateWriteOutcome[]> ExecuteAsync(List<PendingStateWrite> writes)
    {
        // Opened first: a failure to connect is the batch's, never a statement's.
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlBatch(connection);
        foreach (var write in writes)
        {
            command.BatchCommands.Add(write.Build());
        }

        var outcomes = new StateWriteOutcome[writes.Count];

        // Results arrive in statement order: an error raised while moving to result i is statement i's (the ones
        // before it answered, each read to its end); one raised after the last result is the commit's.
        var current = 0;
        var clientFailed = false;
        try
        {
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            try
            {
                for (; current < outcomes.Length; current++)
                {
                    if (current > 0 && !await reader.NextResultAsync().ConfigureAwait(false))
                    {
                        throw new InvalidOperationException($"State write batch of {outcomes.Length} answered {current} results.");
                    }

                    if (!await reader.ReadAsync().ConfigureAwait(false))
                    {
                        throw new InvalidOperationException("A state write answered no row.");
                    }

                    outcomes[current] = new StateWriteOutcome(
                        reader.IsDBNull(0) ? null : reader.GetInt32(0),
                        reader.FieldCount > 1 && !reader.IsDBNull(1) && reader.GetBoolean(1));
                    if (await reader.ReadAsync().ConfigureAwait(false))
                    {
                        throw new InvalidOperationException("A state write answered more than one row.");
                    }
                }

                if (await reader.NextResultAsync().ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"State write batch of {outcomes.Length} answered more results than statements.");
                }
            }
            catch (Exception ex) when (ex is not PostgresException)
            {
                clientFailed = true; // what the reader's disposal raises next is not a statement's own failure
                throw;
            }
        }
        catch (PostgresException ex) when (!clientFailed && current < outcomes.Length && IsStatementFailure(ex, connection))
        {
            throw new BatchStatementException(current, ex);
        }

        return outcomes;
    }

    /// <summary>
    /// Whether an error is one statement's own (its data, a constraint, a deadlock or serialization victim, a raise in
    /// the function): only those are worth sending the rest of the batch again for. Anything else — the server
    /// shutting down, a read-only standby, a missing function, a timeout, a broken connection — fails every statement
    /// alike.
    /// </summary>
    private static bool IsStatementFailure(PostgresException error, NpgsqlConnection connection) =>
        error.InvariantSeverity == "ERROR"
        && (connection.FullState & System.Data.ConnectionState.Broken) == 0
        && error.SqlState.Length == 5
        && error.SqlState[..2] is "22" or "23" or "40" or "P0";

    [LoggerMessage(Level = LogLevel.Warning, Message = "A workflow state write failed in a batch of {Count}; the batch rolled back and its other writes are sent again")]
    private partial void LogStatementFailed(Exception exception, int count);
}
