using Automation.Definitions;
using Automation.Engine.Execution;
using Automation.Engine.Services;
using Automation.Engine.Steps;
using Automation.Events;
using Automation.Tasks;
using Automation.Workflows;

namespace Automation.Engine.Workflows;

public sealed partial class WorkflowExecution
{
    /// <summary>
    /// Applies a task grain's report of one attempt and the step's retry policy: the step completes, waits for its
    /// next attempt (<see cref="StepStatus.Retrying"/>) or fails. A report for any attempt but the one dispatched
    /// (a duplicate, a stale or an out-of-order message) changes nothing.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision.</returns>
    public WorkflowDecision Apply(TaskReport report, DateTimeOffset now) => Decide(() =>
    {
        // A report that arrives after the deadline, before the timer fired, is too late: the workflow times out instead.
        if (_state.Status.IsActive() && TimeOutIfDue(now))
        {
            return;
        }

        if (!_state.Status.IsActive() || !_state.Steps.TryGetValue(report.StepId, out var st)
            || st.Status != StepStatus.Running || report.Attempt != st.AttemptsFinished + 1)
        {
            return;
        }

        var step = _definition.FindStep(report.StepId)!;
        if (report.Kind == TaskReportKind.Deferred)
        {
            WaitForService(step, st, report, now);
            return;
        }

        Append(seq => new StepStarted(seq, report.StartedAt, step.Id, report.Attempt));
        st.AttemptsFinished = report.Attempt;
        st.ServiceWait = null;
        if (report.Kind == TaskReportKind.Completed)
        {
            CompleteStep(step.Id, st, report.Attempt, report.Output, report.FinishedAt);
            Advance(now);
            return;
        }

        var error = report.Error ?? new StepError("handler-error", "The attempt failed without an error.", Retryable: true);
        RecordFailure(st, report, error);
        // A retried workflow's step starts a fresh set of attempts: the policy counts those of the current run.
        var decision = AttemptDecision.Decide(step.Retry, report.Attempt - st.AttemptBase, new StepResult(report.Output, error), report.FinishedAt);
        if (decision.Outcome == AttemptOutcome.Retry)
        {
            st.Status = StepStatus.Retrying;
            st.NextAttemptAt = decision.NextAttemptAt;
            Append(seq => new StepRetrying(seq, report.FinishedAt, step.Id, report.Attempt, error, decision.NextAttemptAt!.Value));
            WakeDue(now); // a zero back-off is due at once
        }
        else
        {
            FailStep(step.Id, st, report.Attempt, error, report.FinishedAt);
        }
    });

    /// <summary>
    /// Picks up after a pause (a timer, a reminder tick, a new activation): dispatches retries and wakes waiting steps
    /// that are due, then re-sends the request of every attempt whose outcome is not recorded (task grains ignore a
    /// request for the attempt they already run).
    /// </summary>
    /// <param name="now">The time.</param>
    /// <param name="serviceGate">
    /// The gate of a service as the silo knows it now, when known. A step waiting for a service whose gate still says
    /// wait is not dispatched: its next check moves on <em>in memory only</em> (no state change, no write; after a
    /// crash the stored, earlier check time applies and the step checks at once). Without it every check dispatches,
    /// and the task grain's refusal costs two writes.
    /// </param>
    /// <returns>The decision; it changes the state only when something was due.</returns>
    public WorkflowDecision Resume(DateTimeOffset now, Func<string, GateVerdict?>? serviceGate = null) => Decide(() =>
    {
        if (!_state.Status.IsActive())
        {
            return;
        }

        if (TimeOutIfDue(now))
        {
            return;
        }

        WakeDue(now, serviceGate);
        var dispatched = _decision.Dispatch.Select(r => r.StepId).ToHashSet(StringComparer.Ordinal);
        foreach (var step in _definition.Steps)
        {
            var st = _state.Steps[step.Id];
            if (!_state.Status.IsActive() || !st.Status.HasTask() || st.Children is not null || dispatched.Contains(step.Id))
            {
                continue;
            }

            if (!TryRender(step, out var with, out var error))
            {
                FailStep(step.Id, st, st.AttemptsFinished + 1, error, now);
                continue;
            }

            // Ask the kind again, as of the dispatch: a step of a kind that no longer runs as a task (state written by
            // an older version, e.g. a delay that was a task) settles as the kind says now.
            var activation = _kinds.Get(step.Type).Activate(new StepActivationContext(_workflowId, step, with, st.ScheduledAt ?? now));
            if (activation is StepActivation.RunTaskActivation)
            {
                _decision.Dispatch.Add(Request(step, st, with));
            }
            else
            {
                Settle(step, st, activation, now, with);
                _decision.MarkChanged();
            }
        }

        ResumeChildren(now);

        // Safe to repeat, and picks up a step left ready by a decision that stopped half-way.
        Advance(now);
    });

    /// <summary>The error type of a workflow that did not finish within the definition's <c>timeout</c>.</summary>
    public const string WorkflowTimeoutError = "workflow.timeout";

    /// <summary>When a running workflow times out: its creation plus the definition's <c>timeout</c>, if it has one.</summary>
    private DateTimeOffset? Deadline => _definition.Timeout is { } timeout ? (_state.RunStartedAt ?? _state.CreatedAt) + timeout : null;

    /// <summary>Fails the running workflow with <see cref="WorkflowTimeoutError"/> once its deadline has passed.</summary>
    private bool TimeOutIfDue(DateTimeOffset now)
    {
        if (Deadline is not { } deadline || deadline > now)
        {
            return false;
        }

        // Running steps are stopped and the others never run, as on a failure; the timeout is not retried.
        var limit = Duration.Format(_definition.Timeout!.Value);
        FailWorkflow(new StepError(WorkflowTimeoutError, $"The workflow did not finish within its timeout of {limit}.", Retryable: false), now, WorkflowStatus.TimedOut);
        return true;
    }

    /// <summary>The earliest time a retrying or waiting step, or the workflow timeout, is due; the grain arms a timer for it.</summary>
    /// <returns>The time, or <see langword="null"/> when nothing waits on the clock.</returns>
    public DateTimeOffset? NextDueAt()
    {
        if (!_state.Status.IsActive())
        {
            return null;
        }

        var next = Deadline;
        foreach (var st in _state.Steps.Values)
        {
            var due = st.Status switch
            {
                StepStatus.Retrying when _state.Status == WorkflowStatus.Running => st.NextAttemptAt, // paused: no new attempt
                StepStatus.Waiting when st.ServiceWait is null || _state.Status == WorkflowStatus.Running => st.WakeAt,
                _ => null,
            };
            if (due is not null && (next is null || due < next))
            {
                next = due;
            }
        }

        return next;
    }

    /// <summary>Dispatches the next attempt of retrying steps and wakes waiting steps whose time has come.</summary>
    private void WakeDue(DateTimeOffset now, Func<string, GateVerdict?>? serviceGate = null)
    {
        var woke = false;
        foreach (var step in _definition.Steps)
        {
            var st = _state.Steps[step.Id];
            if (!_state.Status.IsActive())
            {
                return;
            }

            if (st.Status == StepStatus.Retrying && st.NextAttemptAt <= now && _state.Status == WorkflowStatus.Running)
            {
                // The arguments render the same as for the first attempt: templates read only final outputs.
                st.NextAttemptAt = null;
                woke |= Settle(step, st, StepActivation.RunTask, now);
            }
            else if (st.Status == StepStatus.Waiting && st.WakeAt is { } due && due <= now
                && (st.ServiceWait is null || _state.Status == WorkflowStatus.Running)) // paused: no new check of the service
            {
                if (st.ServiceWait is { } wait && now < wait.Until
                    && serviceGate?.Invoke(wait.Service) is { Kind: GateVerdictKind.Wait } verdict)
                {
                    st.WakeAt = ServiceGates.NextCheck(wait.Since, now, verdict.RetryAt, wait.Until); // memory only
                    continue;
                }

                woke |= Settle(step, st, _kinds.Get(step.Type).Wake(new StepWakeContext(_workflowId, step, due, now)), now);
            }
        }

        if (woke)
        {
            Advance(now);
        }
    }

    /// <summary>
    /// The attempt did not start because its service is Unhealthy or its breaker is open: the step waits (status
    /// <see cref="StepStatus.Waiting"/>, no attempt counted) and checks again at <see cref="ServiceGates.NextCheck"/>,
    /// at most its timeout from the first deferral; then it fails with <c>service.unavailable</c>. The history records
    /// the wait once per service and reason, not at every check.
    /// </summary>
    private void WaitForService(StepDefinition step, StepState st, TaskReport report, DateTimeOffset now)
    {
        var service = report.Service ?? "unknown";
        var reason = report.Error?.Message ?? $"waiting for service {service}";
        var wait = st.ServiceWait is { } current && current.Service == service
            ? current with { Reason = reason }
            : new ServiceWait(service, reason, now, now + step.Timeout);
        if (now >= wait.Until)
        {
            FailStep(step.Id, st, report.Attempt, new StepError(
                ServiceUnavailableError, $"Service {service} stayed unavailable for the step's timeout of {Duration.Format(step.Timeout)} ({reason}).", Retryable: false), now);
            return;
        }

        var news = st.ServiceWait is not { } previous || previous.Service != service || previous.Reason != reason;
        st.ServiceWait = wait;
        st.Status = StepStatus.Waiting;
        st.WakeAt = ServiceGates.NextCheck(wait.Since, now, report.NextAttemptAt, wait.Until);
        if (news)
        {
            Append(seq => new StepWaitingForService(seq, now, step.Id, report.Attempt, service, reason, wait.Until));
        }

        _decision.MarkChanged();
    }

    /// <summary>The error type of an <c>http</c> step whose service stayed unavailable for its whole timeout.</summary>
    public const string ServiceUnavailableError = "service.unavailable";

    private void RecordFailure(StepState st, TaskReport report, StepError error)
    {
        st.Error = error;

        // Only the latest failed attempt keeps what it produced (e.g. the HTTP response): the state is rewritten on
        // every transition, so keeping every response would grow it with each retry.
        for (var i = 0; i < st.Failures.Count; i++)
        {
            st.Failures[i] = st.Failures[i] with { Output = null };
        }

        st.Failures.Add(new AttemptFailure(report.Attempt, report.StartedAt, report.FinishedAt, error, report.Output));
    }
}
