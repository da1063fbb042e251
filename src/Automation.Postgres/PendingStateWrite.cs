using Npgsql;

namespace Automation.Postgres;

/// <summary>
/// One workflow state write waiting for the next group commit of <see cref="StateWriteBatcher"/>, and the grain waiting
/// for it. The statement is built afresh for each attempt (a batch command and its parameters belong to one batch).
/// </summary>
/// <param name="Key">The grain the write is for: batches are sent in key order.</param>
/// <param name="Build">Builds the statement: one row of (new state version, whether the visibility row was written).</param>
internal sealed record PendingStateWrite(string Key, Func<NpgsqlBatchCommand> Build)
{
    /// <summary>When the write was queued (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
    public long QueuedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Completed with the statement's answer when the batch holding it commits, faulted when it fails.</summary>
    public TaskCompletionSource<StateWriteOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
