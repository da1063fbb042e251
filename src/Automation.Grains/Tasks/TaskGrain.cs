using Automation.Agents;
using Automation.Engine.Steps;
using Automation.Grains.Hosting;
using Automation.Tasks;
using Automation.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Tasks;

/// <summary>
/// Hands an agent step's attempts to its capability's queue, keyed <c>{workflowId}/{stepId}</c>. Nothing is persisted:
/// the workflow wrote "attempt n dispatched" before sending the request and re-sends it until the outcome is recorded;
/// the queue is idempotent per attempt. Steps with an executor on the silo run in the workflow's silo
/// (<see cref="AttemptHost"/>, ADR 0029); a request for one that still arrives here (from a silo of an earlier version
/// during a rolling upgrade) runs in this silo's host. Activations are collected after a few idle minutes.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
internal sealed partial class TaskGrain(
    AttemptHost attempts,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain
{
    private StepRequest? _request;
    private int? _cancelledThrough;

    Task ITaskGrain.ScheduleAsync(StepRequest request)
    {
        if (request.Type != AgentStepKind.TypeName)
        {
            attempts.Schedule(request);
            return Task.CompletedTask;
        }

        if (request.Attempt <= _cancelledThrough || (_request is { } current && current.Attempt > request.Attempt))
        {
            // Stopped, or the workflow already moved past this attempt. A retried workflow sends a higher attempt.
            return Task.CompletedTask;
        }

        // Every (re-)send goes to the queue, which is idempotent per attempt and reports a finished attempt again.
        _request = request;
        return EnqueueAsync(request);
    }

    Task ITaskGrain.CancelAsync()
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        attempts.Cancel(key[..slash], key[(slash + 1)..]); // an attempt of an earlier version's dispatch, if any

        // Attempts up to the one known here stay stopped; with none known, any attempt (its request may still be on
        // its way) until this activation is gone.
        _cancelledThrough = _request?.Attempt ?? int.MaxValue;
        if (_request is { } agent && QueueOf(agent) is { } queue)
        {
            // Best-effort: a leased attempt's agent also learns it from the workflow at its next heartbeat.
            _ = queue.CancelAsync(agent.WorkflowId, agent.StepId);
        }

        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private ITaskQueueGrain? QueueOf(StepRequest request) =>
        request.With.ValueKind == System.Text.Json.JsonValueKind.Object && request.With.TryGetProperty("capability", out var c)
            && c.ValueKind == System.Text.Json.JsonValueKind.String && AgentNames.IsCapability(c.GetString())
            ? GrainFactory.GetGrain<ITaskQueueGrain>(AgentNames.QueueKey(c.GetString()!, AgentNames.Partition(request.WorkflowId, options.Value.AgentQueuePartitions)))
            : null;

    private async Task EnqueueAsync(StepRequest request)
    {
        if (QueueOf(request) is not { } queue)
        {
            var now = time.GetUtcNow();
            await attempts.ReportAsync(request.WorkflowId, new TaskReport(request.StepId, TaskReportKind.Failed, request.Attempt, now, now, null,
                new StepError("agent.capability", "The step names no valid capability.", Retryable: false), null));
            return;
        }

        try
        {
            await queue.EnqueueAsync(request);
        }
        catch (Exception ex)
        {
            // The workflow re-sends the attempt on its reminder.
            LogReportFailed(ex, request.WorkflowId, request.StepId);
        }
    }
}
