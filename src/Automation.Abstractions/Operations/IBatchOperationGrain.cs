using Orleans.Concurrency;

namespace Automation.Operations;

/// <summary>
/// One batch operation (cancel, terminate, retry, pause or resume every workflow a filter matches), keyed by operation
/// id. It walks the visibility table a page at a time and survives silo loss: it holds a reminder while running.
/// </summary>
[Alias("automation.IBatchOperationGrain")]
public interface IBatchOperationGrain : IGrainWithStringKey
{
    /// <summary>Starts the operation; idempotent: a second start returns the existing operation unchanged.</summary>
    /// <param name="command">What to do, to which workflows, and who asked.</param>
    /// <returns>The operation's state once it is durable.</returns>
    /// <exception cref="ArgumentException">The filter is empty.</exception>
    [Alias("Start")]
    Task<BatchOperationSnapshot> StartAsync(StartBatchOperationCommand command);

    /// <summary>Reads the current state.</summary>
    /// <returns>The state, or <see langword="null"/> when no operation has this id.</returns>
    [Alias("Get"), AlwaysInterleave]
    Task<BatchOperationSnapshot?> GetAsync();
}
