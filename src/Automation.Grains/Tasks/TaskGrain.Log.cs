using Microsoft.Extensions.Logging;

namespace Automation.Grains.Tasks;

internal sealed partial class TaskGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} step {StepId}: attempt {Attempt} failed with {ErrorType}; next attempt at {NextAttemptAt}")]
    private partial void LogRetrying(string workflowId, string stepId, int attempt, string errorType, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow {WorkflowId} step {StepId}: handler threw on attempt {Attempt}")]
    private partial void LogHandlerCrashed(Exception exception, string workflowId, string stepId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId} step {StepId}: could not report to the workflow; its reminder will re-drive")]
    private partial void LogReportFailed(Exception exception, string workflowId, string stepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId} step {StepId}: task stopped on an error; the workflow's reminder will resume it")]
    private partial void LogRunFailed(Exception exception, string workflowId, string stepId);
}
