using Microsoft.Extensions.Logging;

namespace Automation.Grains.Workflows;

internal sealed partial class WorkflowGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Workflow {WorkflowId} started from {Definition} v{Version}")]
    private partial void LogStarted(string workflowId, string definition, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId}: could not reach the task of step {StepId}; the reminder will retry")]
    private partial void LogDispatchFailed(Exception exception, string workflowId, string stepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId}: visibility update failed; the reminder will retry")]
    private partial void LogIndexFailed(Exception exception, string workflowId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId}: moving history to the history store failed; kept in state for now")]
    private partial void LogHistoryOffloadFailed(Exception exception, string workflowId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId}: writing its state failed; the activation is dropped and the silo resumes it when storage answers")]
    private partial void LogWriteFailed(Exception exception, string workflowId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId}: writing its state (with its visibility row when its status changed) failed; trying once more through the grain storage")]
    private partial void LogStateWithRowFailed(Exception exception, string workflowId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId}: reminder update failed")]
    private partial void LogReminderFailed(Exception exception, string workflowId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId}: could not reach workflow {OtherId} (child or parent); the reminder will retry")]
    private partial void LogChildCallFailed(Exception exception, string workflowId, string otherId);
}
