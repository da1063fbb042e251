using Microsoft.Extensions.Logging;

namespace Automation.Grains.Agents;

internal sealed partial class TaskQueueGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Queue {Queue}: queued {WorkflowId}/{StepId} attempt {Attempt}")]
    private partial void LogEnqueued(string queue, string workflowId, string stepId, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Queue {Queue}: task {TaskId} ended: {Outcome}")]
    private partial void LogFinished(string queue, string taskId, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Queue}: task {TaskId} passed its deadline ({ErrorType})")]
    private partial void LogExpired(string queue, string taskId, string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Queue}: task {TaskId} queued again (agent {AgentId} lost)")]
    private partial void LogRequeued(string queue, string taskId, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: deadline pass failed; retrying on the next timer or reminder")]
    private partial void LogTickFailed(Exception ex, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: offering a task to agent {AgentId} failed")]
    private partial void LogOfferFailed(Exception ex, string queue, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: writing the lease of {TaskId} failed")]
    private partial void LogLeaseWriteFailed(Exception ex, string queue, string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: capability permits unavailable")]
    private partial void LogPermitsFailed(Exception ex, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: workflow {WorkflowId} did not answer a heartbeat's progress")]
    private partial void LogWorkflowUnreachable(Exception ex, string queue, string workflowId);
}
