using Automation.Grains.Diagnostics;
using Automation.Engine.Execution;
using Automation.Grains.Handlers;
using Automation.Tasks;
using Automation.Workflows;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Tasks;

/// <summary>
/// Runs one step across its attempts. The handler runs on the thread pool so the grain stays responsive (cancel,
/// re-drive); results come back to the grain's scheduler. The outcome is written before it is reported; reports are
/// one-way, and the workflow's reminder re-sends the request until the outcome is recorded, which brings a report again.
/// </summary>
internal sealed partial class TaskGrain(
    [PersistentState("task", StorageNames.Workflows)] IPersistentState<TaskState> state,
    StepHandlers handlers,
    AttemptRunner runner,
    AutomationMetrics metrics,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain
{
    private static readonly TimeSpan MaxWaitSlice = TimeSpan.FromDays(1);

    private StepRequest? _request;
    private IGrainTimer? _runner;
    private CancellationTokenSource? _cancellation;
    private bool _cancelled;

    private TaskState S => state.State;

    Task ITaskGrain.ScheduleAsync(StepRequest request)
    {
        _request = request;
        if (_runner is null && !_cancelled)
        {
            // A timer, not a detached task: it runs on the grain's scheduler, outside the caller's call chain,
            // interleaved so that CancelAsync and re-drives are served while an attempt is in flight.
            _cancellation = new CancellationTokenSource();
            _runner = this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    Task ITaskGrain.CancelAsync()
    {
        _cancelled = true;
        _cancellation?.Cancel();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken timerToken)
    {
        try
        {
            if (S.Phase is TaskPhase.Running or TaskPhase.Retrying)
            {
                // Stops on a cancel request, and when the silo shuts down: a long wait (delay, back-off, slow call)
                // must not hold up a graceful shutdown. Nothing is written then; the step resumes from durable state
                // on another silo when its workflow re-drives it.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(_cancellation!.Token, timerToken, lifetime.ApplicationStopping);
                await RunAttemptsAsync(_request!, stop.Token);
            }

            if (S.Phase is TaskPhase.Completed or TaskPhase.Failed && !_cancelled)
            {
                await ReportFinalAsync(_request!);
            }
        }
        catch (OperationCanceledException) when (_cancelled || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Cancelled by the workflow (already recorded there), or the silo is stopping (resumed elsewhere).
        }
        catch (Exception ex)
        {
            // A state write failed: drop this activation so memory never runs ahead of storage. The workflow's
            // reminder re-sends the request, and the task resumes from what is durable.
            LogRunFailed(ex, _request!.WorkflowId, _request.StepId);
            DeactivateOnIdle();
        }
        finally
        {
            _runner?.Dispose();
            _runner = null;
            _cancellation?.Dispose();
            _cancellation = null;
        }
    }

    private async Task RunAttemptsAsync(StepRequest request, CancellationToken cancellation)
    {
        var handler = handlers.Get(request.Type);
        while (true)
        {
            // Back-off: the due time is durable; Task.Delay is limited to ~49 days, so wait in slices.
            for (var wait = S.NextAttemptAt - time.GetUtcNow(); wait > TimeSpan.Zero; wait = S.NextAttemptAt - time.GetUtcNow())
            {
                await Task.Delay(wait.Value < MaxWaitSlice ? wait.Value : MaxWaitSlice, time, cancellation);
            }

            var attempt = S.AttemptsFinished + 1;
            var startedAt = time.GetUtcNow();
            var result = await runner.RunAsync(handler, request, attempt, cancellation, ex => LogHandlerCrashed(ex, request.WorkflowId, request.StepId, attempt));
            var finishedAt = time.GetUtcNow();
            cancellation.ThrowIfCancellationRequested();

            var decision = AttemptDecision.Decide(request.Retry, attempt, result, finishedAt);
            S.AttemptsFinished = attempt;
            S.LastStartedAt = startedAt;
            S.LastFinishedAt = finishedAt;
            S.Output = result.Output;
            S.Error = result.Error;
            S.NextAttemptAt = decision.NextAttemptAt;
            switch (decision.Outcome)
            {
                case AttemptOutcome.Completed:
                    metrics.Attempt(request.Type, "success");
                    S.Phase = TaskPhase.Completed;
                    await state.WriteStateAsync(cancellation);
                    return;
                case AttemptOutcome.Failed:
                    metrics.Attempt(request.Type, "failure");
                    S.Phase = TaskPhase.Failed;
                    await state.WriteStateAsync(cancellation);
                    return;
            }

            metrics.Attempt(request.Type, "retry");
            S.Phase = TaskPhase.Retrying;
            await state.WriteStateAsync(cancellation);
            LogRetrying(request.WorkflowId, request.StepId, attempt, result.Error!.Type, S.NextAttemptAt!.Value);
            await TryReportAsync(new TaskReport(request.StepId, TaskReportKind.Retrying, attempt, startedAt, finishedAt, result.Output, result.Error, S.NextAttemptAt));
        }
    }

    private async Task ReportFinalAsync(StepRequest request)
    {
        var kind = S.Phase == TaskPhase.Completed ? TaskReportKind.Completed : TaskReportKind.Failed;
        await TryReportAsync(new TaskReport(request.StepId, kind, S.AttemptsFinished, S.LastStartedAt ?? request.ScheduledAt,
            S.LastFinishedAt ?? request.ScheduledAt, S.Output, S.Error, null));
        DeactivateOnIdle(); // The outcome is durable here; a re-drive reactivates us to report again if needed.
    }

    private async Task TryReportAsync(TaskReport report)
    {
        try
        {
            await GrainFactory.GetGrain<IWorkflowGrain>(_request!.WorkflowId).ReportTaskAsync(report);
        }
        catch (Exception ex)
        {
            LogReportFailed(ex, _request!.WorkflowId, report.StepId);
        }
    }
}
