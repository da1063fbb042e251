using Automation.Operations;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Operations;

internal sealed partial class BatchOperationGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Batch operation {OperationId} ({Action}) started by {CreatedBy}")]
    private partial void LogStarted(string operationId, BatchAction action, string createdBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch operation {OperationId} {Status}: matched {Matched}, succeeded {Succeeded}, skipped {Skipped}, failed {Failed}")]
    private partial void LogFinished(string operationId, BatchOperationStatus status, long matched, long succeeded, long skipped, long failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch operation {OperationId}: a page failed; the walk resumes from the saved cursor on the next reminder tick")]
    private partial void LogPageFailed(Exception exception, string operationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch operation {OperationId}: the silo is stopping or {Unavailable} workflows could not be reached; the page is walked again on the next reminder tick")]
    private partial void LogPageRetried(string operationId, int unavailable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch operation {OperationId}: reminder update failed")]
    private partial void LogReminderFailed(Exception exception, string operationId);
}
