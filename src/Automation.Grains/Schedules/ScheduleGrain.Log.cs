using Automation.Schedules;
using Automation.Workflows;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Schedules;

internal sealed partial class ScheduleGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} put (created: {Created}): '{Cron}' in {TimeZone}, definition {Definition}")]
    private partial void LogPut(string scheduleId, bool created, string cron, string timeZone, string definition);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} deleted")]
    private partial void LogDeleted(string scheduleId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} fired workflow {WorkflowId} ({Outcome})")]
    private partial void LogFired(string scheduleId, string workflowId, StartWorkflowOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId} could not start workflow {WorkflowId}: {Problem}")]
    private partial void LogFireFailed(string scheduleId, string workflowId, string? problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} skipped its fire at {Fire} (overlap {Overlap}: the previous run is active)")]
    private partial void LogSkipped(string scheduleId, DateTimeOffset fire, ScheduleOverlap overlap);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId} missed {Count} fires that catch-up {CatchUp} does not start")]
    private partial void LogMissed(string scheduleId, int count, ScheduleCatchUp catchUp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId}: a wake failed; it is tried again in 5 s")]
    private partial void LogTickFailed(Exception exception, string scheduleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId}: reminder update failed")]
    private partial void LogReminderFailed(Exception exception, string scheduleId);
}
