namespace Automation.Api.Security;

/// <summary>Log messages of <see cref="AuditWriter"/>.</summary>
public sealed partial class AuditWriter
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Appending {Count} audit records failed; retrying with back-off while new records are buffered")]
    private partial void LogRetrying(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit records are written again after {Failures} failed attempts ({Count} records)")]
    private partial void LogRecovered(int failures, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The audit buffer is full ({Capacity} records): new audit records are dropped until the database accepts writes again")]
    private partial void LogDropping(int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} audit records were dropped because the audit buffer was full")]
    private partial void LogDropped(long count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Refused} of {Count} audit records could not be stored: the database refused the batch")]
    private partial void LogRefused(Exception exception, int refused, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An audit record of {Action} arrived after the audit writer stopped and was dropped")]
    private partial void LogStopped(string action);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The audit writer failed and writes no more audit records")]
    private partial void LogLoopFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopping: {Count} audit records were lost because the database could not be reached in time")]
    private partial void LogLostAtShutdown(int count);
}
