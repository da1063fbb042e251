using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

using Automation.Persistence;

namespace Automation.Postgres;

/// <summary>
/// The workflow visibility table in PostgreSQL. Upserts are group-committed: callers enqueue, and one
/// background loop writes up to <see cref="MaxBatchSize"/> pending rows in a single statement.
/// </summary>
/// <remarks>
/// Many grains finishing a step at once cost one round trip and one commit instead of one each. Within a
/// batch, several rows for the same workflow collapse to the one with the highest revision; the database
/// keeps a stored row whose revision is higher than the incoming one.
/// </remarks>
public sealed partial class PostgresWorkflowIndex : IWorkflowIndex, IAsyncDisposable
{
    /// <summary>The most rows written by one statement.</summary>
    public const int MaxBatchSize = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly Channel<PendingUpsert> _pending = Channel.CreateUnbounded<PendingUpsert>(
        new UnboundedChannelOptions { SingleReader = true });

    private readonly Task _writeLoop;

    /// <summary>Creates the index and starts its write loop.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="logger">Receives write failures.</param>
    public PostgresWorkflowIndex(NpgsqlDataSource dataSource, ILogger<PostgresWorkflowIndex> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        _dataSource = dataSource;
        _logger = logger;
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public Task<bool> UpsertAsync(WorkflowIndexEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingUpsert(entry);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresWorkflowIndex));
        }

        // Cancelling abandons the wait, not the write: the row may still be committed.
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops accepting rows, writes those already queued, and stops the loop.</summary>
    /// <returns>A task that completes when the loop has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writeLoop.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingUpsert>(MaxBatchSize);
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatchSize && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                var written = await WriteBatchAsync(batch).ConfigureAwait(false);
                foreach (var item in batch)
                {
                    item.Completion.TrySetResult(written.Contains(item.Entry.WorkflowId));
                }
            }
            catch (Exception ex)
            {
                LogBatchFailed(ex, batch.Count);
                foreach (var item in batch)
                {
                    item.Completion.TrySetException(ex);
                }
            }

            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} workflow index rows failed; their callers see the error")]
    private partial void LogBatchFailed(Exception exception, int count);
}
