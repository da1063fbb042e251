using Microsoft.Extensions.Logging;

namespace Automation.Grains.Hosting;

/// <summary>
/// The last line of defence for database failures inside grain calls: any exception escaping a grain method with a
/// <see cref="System.Data.Common.DbException"/> in its chain (a write the grain did not translate itself, a reminder
/// registration through the ADO.NET reminder table, a visibility write) is replaced by
/// <see cref="StorageUnavailableException"/>. The provider's own exceptions have no Orleans codec: sent as they are, the
/// caller would see an unrelated <c>CodecNotFoundException</c> instead of "the database is unavailable".
/// </summary>
/// <remarks>
/// Only method invocations pass through call filters. A grain whose <em>activation</em> fails (its state cannot be
/// read) rejects the call before any filter runs; the API recognises that case on its side.
/// </remarks>
internal sealed partial class StorageFailureCallFilter(ILogger<StorageFailureCallFilter> logger) : IIncomingGrainCallFilter
{
    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            LogStorageFailure(ex, context.TargetId.ToString(), context.MethodName); // the original, with its stack and SQL state
            throw StorageFailures.Unavailable(ex, $"{context.TargetId}: {context.InterfaceName}.{context.MethodName} failed on storage");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Grain}.{Method} failed on storage; the caller is told the database is unavailable")]
    private partial void LogStorageFailure(Exception exception, string grain, string method);
}
