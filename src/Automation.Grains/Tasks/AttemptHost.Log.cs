using Microsoft.Extensions.Logging;

namespace Automation.Grains.Tasks;

internal sealed partial class AttemptHost
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow {WorkflowId} step {StepId}: executor threw on attempt {Attempt}")]
    private partial void LogHandlerCrashed(Exception exception, string workflowId, string stepId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId} step {StepId}: could not report to the workflow; it will re-send the attempt")]
    private partial void LogReportFailed(Exception exception, string workflowId, string stepId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} step {StepId}: deferred for service {Service} ({Reason})")]
    private partial void LogDeferred(string workflowId, string stepId, string service, string reason);
}
