using Microsoft.Extensions.Logging;

namespace Automation.Grains.Tasks;

internal sealed partial class TaskGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId} step {StepId}: could not hand the attempt over; the workflow will re-send it")]
    private partial void LogReportFailed(Exception exception, string workflowId, string stepId);
}
