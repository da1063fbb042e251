using Microsoft.Extensions.Logging;

namespace Automation.Agent;

internal sealed partial class AgentService
{
    [LoggerMessage(1, LogLevel.Information, "Agent registered as {AgentId} for {Capabilities}; heartbeat every {Interval}")]
    private partial void LogRegistered(string agentId, string capabilities, TimeSpan interval);

    [LoggerMessage(2, LogLevel.Warning, "The server is unreachable ({Operation}); trying again in {Delay}")]
    private partial void LogServerUnreachable(Exception exception, string operation, TimeSpan delay);

    [LoggerMessage(3, LogLevel.Warning, "The server does not know agent {AgentId}; registering again")]
    private partial void LogUnknownAgent(string agentId);

    [LoggerMessage(4, LogLevel.Information, "Agent {AgentId} is draining: no more polls; running tasks finish")]
    private partial void LogDraining(string agentId);

    [LoggerMessage(5, LogLevel.Information, "Shutting down: waiting up to {Timeout} for {Count} running task(s)")]
    private partial void LogDrainingHandlers(int count, TimeSpan timeout);

    [LoggerMessage(6, LogLevel.Warning, "Drain timeout passed: cancelling {Count} task(s); the server re-queues them")]
    private partial void LogAbandoning(int count);

    [LoggerMessage(7, LogLevel.Debug, "Could not deregister agent {AgentId}")]
    private partial void LogDeregisterFailed(Exception exception, string agentId);

    [LoggerMessage(8, LogLevel.Debug, "Task {TaskId} ({Capability}) started: workflow {WorkflowId} step {StepId} attempt {Attempt}")]
    private partial void LogTaskStarted(string taskId, string capability, string workflowId, string stepId, int attempt);

    [LoggerMessage(9, LogLevel.Information, "Task {TaskId} stopped ({Reason}, handler ended with {Ending}); not reported")]
    private partial void LogTaskStopped(string taskId, TaskStopReason reason, string ending);

    [LoggerMessage(10, LogLevel.Warning, "Task {TaskId}: the handler threw")]
    private partial void LogHandlerFailed(Exception exception, string taskId);

    [LoggerMessage(11, LogLevel.Error, "Task {TaskId} could not be reported")]
    private partial void LogTaskCrashed(Exception exception, string taskId);

    [LoggerMessage(12, LogLevel.Debug, "Task {TaskId} completed")]
    private partial void LogTaskCompleted(string taskId);

    [LoggerMessage(13, LogLevel.Information, "Task {TaskId} failed: {Type} (retryable {Retryable})")]
    private partial void LogTaskFailed(string taskId, string type, bool retryable);

    [LoggerMessage(14, LogLevel.Warning, "Task {TaskId}: the lease is lost ({Operation} answered 409/404); dropped")]
    private partial void LogLeaseLost(string taskId, string operation);

    [LoggerMessage(15, LogLevel.Warning, "Task {TaskId}: heartbeat failed; trying again at the next interval")]
    private partial void LogHeartbeatFailed(Exception exception, string taskId);

    [LoggerMessage(16, LogLevel.Information, "Task {TaskId}: the server asked to cancel it")]
    private partial void LogCancelRequested(string taskId);

    [LoggerMessage(17, LogLevel.Warning, "{Count} handler(s) ignored cancellation; leaving them behind")]
    private partial void LogHandlersIgnoreCancellation(int count);
}
