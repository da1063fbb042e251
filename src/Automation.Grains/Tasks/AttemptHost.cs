using System.Collections.Concurrent;
using System.Diagnostics;
using Automation.Engine.Execution;
using Automation.Engine.Services;
using Automation.Grains.Diagnostics;
using Automation.Grains.Handlers;
using Automation.Grains.Services;
using Automation.Tasks;
using Automation.Workflows;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Tasks;

/// <summary>
/// Runs the attempts of task steps that have an executor (http, notify) for the workflows active on this silo, in the
/// silo's own process: no grain activation, directory entry, message or timer per attempt (ADR 0029). Nothing is
/// persisted: the workflow wrote "attempt n dispatched" before asking and re-sends the request until it records the
/// outcome. A re-send of the attempt running here is ignored, one of an attempt finished here re-sends its report;
/// only a workflow that moved to another silo meanwhile runs the attempt again there, with the same attempt number and
/// idempotency key (execution is at-least-once). Attempts run on the thread pool, outside every grain's turn and
/// call chain, and report to the workflow with a one-way call.
/// </summary>
internal sealed partial class AttemptHost : IDisposable
{
    /// <summary>How long a finished or idle slot is kept for re-sends the workflow did not record yet.</summary>
    internal static readonly TimeSpan Kept = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, AttemptSlot> _slots = new(StringComparer.Ordinal);
    private readonly StepHandlers _handlers;
    private readonly ServiceGateCache _gates;
    private readonly AttemptRunner _runner;
    private readonly IGrainFactory _grains;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<AttemptHost> _logger;
    private readonly ITimer _sweep;

    /// <summary>Creates the silo's host; idle slots are swept every <see cref="Kept"/>.</summary>
    public AttemptHost(StepHandlers handlers, ServiceGateCache gates, AttemptRunner runner, IGrainFactory grains,
        IHostApplicationLifetime lifetime, TimeProvider time, ILogger<AttemptHost> logger)
    {
        _handlers = handlers;
        _gates = gates;
        _runner = runner;
        _grains = grains;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
        using (ExecutionContext.SuppressFlow())
        {
            // Built inside the first workflow activation that needs it: the timer must not hold that call's context.
            _sweep = time.CreateTimer(_ => Sweep(), null, Kept, Kept);
        }
    }

    /// <summary>How many steps have a slot here (running, or finished and kept for re-sends).</summary>
    internal int Count => _slots.Count;

    /// <summary>
    /// Starts the request's attempt unless it is running or cancelled here, or an older one than the slot knows; a
    /// re-send of the attempt finished here sends its report again. Returns at once: the attempt runs on the thread pool.
    /// </summary>
    /// <param name="request">What to run.</param>
    public void Schedule(StepRequest request)
    {
        var key = TaskKeys.TaskGrainKey(request.WorkflowId, request.StepId);
        while (true)
        {
            var slot = _slots.GetOrAdd(key, static _ => new AttemptSlot());
            CancellationTokenSource? superseded;
            CancellationTokenSource started;
            lock (slot.Gate)
            {
                if (slot.Removed)
                {
                    continue; // swept between the lookup and the lock: take the new slot
                }

                if (request.Attempt <= slot.CancelledThrough || slot.Attempt > request.Attempt)
                {
                    // Stopped, or the workflow already moved past this attempt. A retried workflow sends a higher
                    // attempt, which runs even here.
                    return;
                }

                if (slot.Attempt == request.Attempt)
                {
                    // Running here: ignore. Finished here: the workflow has not recorded it, report again.
                    if (slot.Report is { } report && report.Attempt == request.Attempt)
                    {
                        slot.TouchedAt = _time.GetUtcNow(); // kept while the workflow keeps asking
                        Detached(() => ReportAsync(request.WorkflowId, report));
                    }

                    return;
                }

                // An older attempt still running here is superseded: the workflow recorded its outcome and moved on.
                superseded = slot.Cancellation;
                started = new CancellationTokenSource();
                slot.Attempt = request.Attempt;
                slot.Cancellation = started;
                slot.Report = null;
                slot.TouchedAt = _time.GetUtcNow();
            }

            _ = superseded?.CancelAsync(); // its callbacks run on the thread pool, not on the caller's turn
            var caller = Activity.Current?.Context ?? default; // the attempt does not flow the caller's context
            Detached(() => RunAsync(slot, request, started, caller));
            return;
        }
    }

    /// <summary>Stops the step's running attempt (its outcome is not reported); a later re-send of it is ignored.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="stepId">The step.</param>
    public void Cancel(string workflowId, string stepId)
    {
        if (!_slots.TryGetValue(TaskKeys.TaskGrainKey(workflowId, stepId), out var slot))
        {
            return; // nothing ran here; a workflow that moved silos cancels what runs elsewhere by ignoring its report
        }

        CancellationTokenSource? running;
        lock (slot.Gate)
        {
            if (slot.Attempt > slot.CancelledThrough || slot.CancelledThrough is null)
            {
                slot.CancelledThrough = slot.Attempt;
            }

            running = slot.Cancellation;
            slot.TouchedAt = _time.GetUtcNow();
        }

        _ = running?.CancelAsync(); // its callbacks run on the thread pool, not on the workflow's turn
    }

    /// <summary>The workflow recorded the step's attempt: its slot is no longer needed unless a newer attempt runs.</summary>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="stepId">The step.</param>
    /// <param name="attempt">The attempt recorded.</param>
    public void Recorded(string workflowId, string stepId, int attempt)
    {
        var key = TaskKeys.TaskGrainKey(workflowId, stepId);
        if (_slots.TryGetValue(key, out var slot))
        {
            lock (slot.Gate)
            {
                if (slot.Running || slot.Attempt > attempt || slot.CancelledThrough is not null)
                {
                    return;
                }

                slot.Removed = true;
            }

            _slots.TryRemove(new KeyValuePair<string, AttemptSlot>(key, slot));
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _sweep.Dispose();

    private void Sweep()
    {
        var before = _time.GetUtcNow() - Kept;
        foreach (var (key, slot) in _slots)
        {
            lock (slot.Gate)
            {
                if (slot.Running || slot.TouchedAt > before)
                {
                    continue;
                }

                slot.Removed = true;
            }

            _slots.TryRemove(new KeyValuePair<string, AttemptSlot>(key, slot));
        }
    }

    /// <summary>
    /// Starts work on the thread pool without the caller's execution context: no grain turn, request context or call
    /// chain goes with it, so its report reaches the workflow as a new call (queued behind the workflow's turn).
    /// </summary>
    private static void Detached(Func<Task> work)
    {
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(work);
        }
    }

    private async Task RunAsync(AttemptSlot slot, StepRequest request, CancellationTokenSource source, ActivityContext caller)
    {
        var cancellation = source.Token;
        string? service = null;
        var trial = false;
        TaskReport? report = null;
        try
        {
            if (cancellation.IsCancellationRequested)
            {
                Finish(slot, source, null); // superseded or cancelled before it started: no trial taken, nothing run
                return;
            }

            using var span = AutomationTracing.StartStep(request.Type, request.TraceParent, caller);
            span?.SetTag(AutomationTracing.WorkflowId, request.WorkflowId).SetTag(AutomationTracing.StepId, request.StepId)
                .SetTag(AutomationTracing.StepType, request.Type).SetTag(AutomationTracing.Attempt, request.Attempt);
            // Every line logged while the attempt runs (its handler's included) names the workflow and step.
            using var scope = _logger.BeginScope(new Dictionary<string, object> { ["WorkflowId"] = request.WorkflowId, ["StepId"] = request.StepId, ["Attempt"] = request.Attempt });
            if (request.Type == HttpStepHandler.TypeName)
            {
                (service, trial, var deferred) = CheckService(request);
                if (deferred is not null)
                {
                    // Not an attempt: the workflow waits and sends this attempt again; it must run here then.
                    if (Finish(slot, source, null))
                    {
                        await ReportAsync(request.WorkflowId, deferred);
                    }

                    return;
                }
            }

            // Stops on a cancel request, and when the silo shuts down: a slow call must not hold up a graceful
            // shutdown. The workflow re-sends the attempt to another silo.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _lifetime.ApplicationStopping);
            var startedAt = _time.GetUtcNow();
            var result = _handlers.Find(request.Type) is { } handler
                ? await _runner.RunAsync(handler, request, request.Attempt, stop.Token, ex => LogHandlerCrashed(ex, request.WorkflowId, request.StepId, request.Attempt))
                : StepResult.Failure("no-executor", $"No executor for step type '{request.Type}' on this silo.", retryable: false);
            var finishedAt = _time.GetUtcNow();
            if (service is not null && ServiceGates.CallOutcome(result.Succeeded, result.Error?.Type) is { } answered)
            {
                _gates.Record(service, answered);
            }

            stop.Token.ThrowIfCancellationRequested();
            span?.SetStatus(result.Succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error, result.Error?.Type);
            report = new TaskReport(request.StepId, result.Succeeded ? TaskReportKind.Completed : TaskReportKind.Failed, request.Attempt,
                startedAt, finishedAt, result.Output, result.Error, null);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested || _lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Cancelled by the workflow (already recorded there), superseded, or the silo is stopping (re-sent elsewhere).
        }
        catch (Exception ex)
        {
            // An executor that cancelled itself: report it as the attempt's failure, so the step retries or fails
            // visibly instead of staying Running with its re-sends ignored.
            LogHandlerCrashed(ex, request.WorkflowId, request.StepId, request.Attempt);
            var now = _time.GetUtcNow();
            report = new TaskReport(request.StepId, TaskReportKind.Failed, request.Attempt, now, now, null,
                new StepError("handler-error", $"{ex.GetType().Name}: {ex.Message}", Retryable: true), null);
        }
        finally
        {
            if (trial)
            {
                _gates.ReleaseTrial(service!);
            }
        }

        // Whatever happened above, the slot stops counting the attempt as running (a deferral ended it already).
        if (Finish(slot, source, report) && report is not null)
        {
            await ReportAsync(request.WorkflowId, report);
        }
    }

    /// <summary>
    /// Ends the attempt that <paramref name="source"/> started: keeps its report for re-sends, or (none: deferred, or
    /// the silo stopping) forgets the attempt so a re-send runs it. Returns whether the attempt still owned the slot and
    /// was not cancelled, i.e. whether to send its report: not when a newer attempt or a cancel took the slot over.
    /// The plain token sources are not disposed: a late cancel may still signal one.
    /// </summary>
    private bool Finish(AttemptSlot slot, CancellationTokenSource source, TaskReport? report)
    {
        lock (slot.Gate)
        {
            var cancelled = source.IsCancellationRequested;
            if (!ReferenceEquals(slot.Cancellation, source))
            {
                return false;
            }

            slot.Cancellation = null;
            slot.Report = cancelled ? null : report;
            if (report is null && !cancelled)
            {
                slot.Attempt = null;
            }

            slot.TouchedAt = _time.GetUtcNow();
            return !cancelled;
        }
    }

    /// <summary>Sends a report to its workflow (one-way); a failure is logged: the workflow re-sends the attempt.</summary>
    internal async Task ReportAsync(string workflowId, TaskReport report)
    {
        try
        {
            await _grains.GetStringKeyed<IWorkflowGrain>(workflowId).ReportTaskAsync(report);
        }
        catch (Exception ex)
        {
            LogReportFailed(ex, workflowId, report.StepId);
        }
    }
}
