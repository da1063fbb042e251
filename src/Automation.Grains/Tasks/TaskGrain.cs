using System.Diagnostics;
using Automation.Agents;
using Automation.Engine.Execution;
using Automation.Engine.Services;
using Automation.Engine.Steps;
using Automation.Grains.Diagnostics;
using Automation.Grains.Hosting;
using Automation.Grains.Handlers;
using Automation.Grains.Services;
using Automation.Tasks;
using Automation.Workflows;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Tasks;

/// <summary>
/// Runs one attempt of a step and reports its outcome to the workflow, which records it and applies the retry policy.
/// Nothing is persisted: the workflow wrote "attempt n dispatched" before sending the request and re-sends it until the
/// outcome is recorded. A re-send of the attempt this activation finished re-sends its report; only a lost activation
/// costs a re-run of the attempt (with the same idempotency key), never a lost step. The executor runs on the thread
/// pool so the grain keeps serving cancels and re-sends. Finished activations are collected after a few minutes.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
internal sealed partial class TaskGrain(
    StepHandlers handlers,
    ServiceGateCache gates,
    AttemptRunner runner,
    IHostApplicationLifetime lifetime,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain
{
    private StepRequest? _request;
    private IGrainTimer? _runner;
    private CancellationTokenSource? _cancellation;
    private int? _cancelledThrough;
    private TaskReport? _lastReport;

    Task ITaskGrain.ScheduleAsync(StepRequest request)
    {
        if (request.Attempt <= _cancelledThrough || (_request is { } current && current.Attempt > request.Attempt))
        {
            // Stopped, or the workflow already moved past this attempt. A retried workflow sends a higher attempt,
            // which runs even here.
            return Task.CompletedTask;
        }

        if (request.Type == AgentStepKind.TypeName)
        {
            // Agent steps are queued, not run here: every (re-)send goes to the queue, which is idempotent per attempt
            // and reports a finished attempt again.
            _request = request;
            return EnqueueAsync(request);
        }

        if (_request?.Attempt == request.Attempt)
        {
            // Already running here: ignore; already finished here: the workflow has not recorded it, report again.
            return _lastReport is { } report && report.Attempt == request.Attempt ? ReportAsync(request.WorkflowId, report) : Task.CompletedTask;
        }

        // An older attempt still running here is superseded: the workflow recorded its outcome and moved on.
        _cancellation?.Cancel();
        _runner?.Dispose();
        var cancellation = new CancellationTokenSource();
        _request = request;
        _cancellation = cancellation;
        // A timer, not a detached task: it runs on the grain's scheduler, outside the caller's call chain,
        // interleaved so that CancelAsync and re-sends are served while the attempt is in flight.
        var caller = Activity.Current?.Context ?? default; // the timer's turn does not carry the caller's trace
        _runner = this.RegisterGrainTimer(_ => RunAsync(request, cancellation, caller), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        return Task.CompletedTask;
    }

    Task ITaskGrain.CancelAsync()
    {
        // Attempts up to the one known here stay stopped; with none known, any attempt (its request may still be on
        // its way) until this activation is gone.
        _cancelledThrough = _request?.Attempt ?? int.MaxValue;
        _cancellation?.Cancel();
        if (_request is { Type: AgentStepKind.TypeName } agent && QueueOf(agent) is { } queue)
        {
            // Best-effort: a leased attempt's agent also learns it from the workflow at its next heartbeat.
            _ = queue.CancelAsync(agent.WorkflowId, agent.StepId);
        }

        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task RunAsync(StepRequest request, CancellationTokenSource source, ActivityContext caller)
    {
        var cancellation = source.Token;
        string? service = null;
        var trial = false;
        using var span = AutomationTracing.StartStep(request.Type, request.TraceParent, caller);
        span?.SetTag(AutomationTracing.WorkflowId, request.WorkflowId).SetTag(AutomationTracing.StepId, request.StepId)
            .SetTag(AutomationTracing.StepType, request.Type).SetTag(AutomationTracing.Attempt, request.Attempt);
        // Every line logged while the attempt runs (its handler's included) names the workflow and step.
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["WorkflowId"] = request.WorkflowId, ["StepId"] = request.StepId, ["Attempt"] = request.Attempt });
        try
        {
            if (request.Type == HttpStepHandler.TypeName)
            {
                (service, trial, var deferred) = CheckService(request);
                if (deferred is not null)
                {
                    // Not an attempt: the workflow waits and sends this attempt again; it must run here then.
                    _request = null;
                    await ReportAsync(request.WorkflowId, deferred);
                    return;
                }
            }

            // Stops on a cancel request, and when the silo shuts down: a slow call must not hold up a graceful
            // shutdown. The workflow re-sends the attempt to another silo.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, lifetime.ApplicationStopping);
            var startedAt = time.GetUtcNow();
            var result = handlers.Find(request.Type) is { } handler
                ? await runner.RunAsync(handler, request, request.Attempt, stop.Token, ex => LogHandlerCrashed(ex, request.WorkflowId, request.StepId, request.Attempt))
                : StepResult.Failure("no-executor", $"No executor for step type '{request.Type}' on this silo.", retryable: false);
            var finishedAt = time.GetUtcNow();
            if (service is not null && ServiceGates.CallOutcome(result.Succeeded, result.Error?.Type) is { } answered)
            {
                gates.Record(service, answered);
            }

            stop.Token.ThrowIfCancellationRequested();
            var kind = result.Succeeded ? TaskReportKind.Completed : TaskReportKind.Failed;
            span?.SetStatus(result.Succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error, result.Error?.Type);
            _lastReport = new TaskReport(request.StepId, kind, request.Attempt, startedAt, finishedAt, result.Output, result.Error, null);
            await ReportAsync(request.WorkflowId, _lastReport);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Cancelled by the workflow (already recorded there), superseded, or the silo is stopping (re-sent elsewhere).
        }
        catch (Exception ex)
        {
            // An executor that cancelled itself: report it as the attempt's failure, so the step retries or fails
            // visibly instead of staying Running with its re-sends ignored.
            LogHandlerCrashed(ex, request.WorkflowId, request.StepId, request.Attempt);
            var now = time.GetUtcNow();
            _lastReport = new TaskReport(request.StepId, TaskReportKind.Failed, request.Attempt, now, now, null,
                new StepError("handler-error", $"{ex.GetType().Name}: {ex.Message}", Retryable: true), null);
            await ReportAsync(request.WorkflowId, _lastReport);
        }
        finally
        {
            if (trial)
            {
                gates.ReleaseTrial(service!);
            }

            if (ReferenceEquals(_cancellation, source))
            {
                _runner?.Dispose();
                _runner = null;
                _cancellation = null;
            }

            source.Dispose();
        }
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
            await ReportAsync(request.WorkflowId, new TaskReport(request.StepId, TaskReportKind.Failed, request.Attempt, now, now, null,
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

    private async Task ReportAsync(string workflowId, TaskReport report)
    {
        try
        {
            await GrainFactory.GetGrain<IWorkflowGrain>(workflowId).ReportTaskAsync(report);
        }
        catch (Exception ex)
        {
            LogReportFailed(ex, workflowId, report.StepId);
        }
    }
}
