using System.Net;
using System.Text.Json;
using Automation.Agent.Protocol;

namespace Automation.Agent;

internal sealed partial class AgentService
{
    /// <summary>The error type of a handler exception other than <see cref="AgentTaskException"/>.</summary>
    internal const string ExceptionErrorType = "agent.exception";

    /// <summary>The error type of an output the server refused (over 1 MiB, for example); not retryable.</summary>
    internal const string OutputRejectedErrorType = "agent.output-rejected";

    /// <summary>The error type of a task whose capability this agent has no handler for.</summary>
    internal const string UnknownCapabilityErrorType = "agent.unknown-capability";

    /// <summary>The server's limits on a fail report's error.</summary>
    private const int MaxErrorType = 100;
    private const int MaxErrorMessage = 4000;

    private async Task RunAsync(LeasedTask task, string agentId)
    {
        using var run = new TaskRun(task, agentId, _abandon.Token, time);
        using var stopHeartbeats = new CancellationTokenSource();
        var heartbeats = Task.CompletedTask;
        try
        {
            LogTaskStarted(task.TaskId, task.Capability, task.WorkflowId, task.StepId, task.Attempt);
            if (handlers.Find(task.Capability) is not { } handler)
            {
                await FailAsync(run, UnknownCapabilityErrorType, $"Agent {_options.Name} has no handler for capability '{task.Capability}'.", true);
                return;
            }

            heartbeats = HeartbeatLoopAsync(run, stopHeartbeats.Token);
            var context = new AgentTaskContext(
                agentId, task.TaskId, task.WorkflowId, task.StepId, task.Attempt, task.Capability, task.Priority, task.IdempotencyKey,
                task.Deadlines?.RunBy, run.Token, (percent, details, _) => ReportProgressAsync(run, percent, details));
            object? output;
            try
            {
                output = await handler(task.Input, context);
            }
            catch (Exception e) when (run.StopReason != TaskStopReason.None)
            {
                LogTaskStopped(task.TaskId, run.StopReason, e.GetType().Name);
                return;
            }
            catch (AgentTaskException e)
            {
                await FailAsync(run, e.Type, e.Message, e.Retryable);
                return;
            }
            catch (Exception e)
            {
                LogHandlerFailed(e, task.TaskId);
                await FailAsync(run, ExceptionErrorType, $"{e.GetType().Name}: {e.Message}", true);
                return;
            }

            if (run.ServerStopped)
            {
                LogTaskStopped(task.TaskId, run.StopReason, "none");
                return;
            }

            await CompleteAsync(run, output);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_abandon.IsCancellationRequested)
        {
            LogTaskCrashed(e, task.TaskId);
        }
        catch (OperationCanceledException)
        {
            LogTaskStopped(task.TaskId, TaskStopReason.Shutdown, nameof(OperationCanceledException));
        }
        finally
        {
            await stopHeartbeats.CancelAsync();
            await heartbeats;
            _slots.Release();
        }
    }

    private async Task CompleteAsync(TaskRun run, object? output)
    {
        JsonElement element;
        try
        {
            element = AgentJson.ToElement(output);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            await FailAsync(run, ExceptionErrorType, $"The handler's output cannot be serialized as JSON: {e.Message}", true);
            return;
        }

        var request = new CompleteTaskRequest(run.AgentId, element);
        bool accepted;
        try
        {
            accepted = await ReportAsync("complete", ct => client.CompleteAsync(run.Task.TaskId, request, ct));
        }
        catch (AgentServerException e) when (e.Status is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge)
        {
            // The same output would be refused again: fail the attempt for good, saying why.
            await FailAsync(run, OutputRejectedErrorType, e.Message, false);
            return;
        }

        if (accepted)
        {
            LogTaskCompleted(run.Task.TaskId);
        }
        else
        {
            LogLeaseLost(run.Task.TaskId, "complete");
        }
    }

    private async Task FailAsync(TaskRun run, string type, string message, bool retryable)
    {
        var error = new TaskError(type.Length > MaxErrorType ? type[..MaxErrorType] : type, message.Length > MaxErrorMessage ? message[..MaxErrorMessage] : message);
        var request = new FailTaskRequest(run.AgentId, error, retryable);
        var accepted = await ReportAsync("fail", ct => client.FailAsync(run.Task.TaskId, request, ct));
        if (accepted)
        {
            LogTaskFailed(run.Task.TaskId, type, retryable);
        }
        else
        {
            LogLeaseLost(run.Task.TaskId, "fail");
        }
    }

    /// <summary>
    /// Sends a report, trying again while the server stays unreachable after the HTTP retries: the result is only lost
    /// when the agent is abandoned at shutdown (then the server re-runs the task).
    /// </summary>
    private async Task<bool> ReportAsync(string operation, Func<CancellationToken, Task<bool>> report)
    {
        while (true)
        {
            try
            {
                return await report(_abandon.Token);
            }
            catch (Exception e) when (IsTransient(e, _abandon.Token))
            {
                LogServerUnreachable(e, operation, _options.ReconnectDelay);
                await Task.Delay(_options.ReconnectDelay, time, _abandon.Token);
            }
        }
    }
}
