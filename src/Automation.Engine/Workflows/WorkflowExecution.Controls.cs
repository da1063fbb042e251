using System.Text.Json;
using Automation.Definitions;
using Automation.Events;
using Automation.Workflows;

namespace Automation.Engine.Workflows;

public sealed partial class WorkflowExecution
{
    /// <summary>The error type of a terminated workflow.</summary>
    public const string TerminatedError = "terminated";

    /// <summary>
    /// Terminates an active workflow at once: running steps (and their tasks and child workflows) are stopped and
    /// marked cancelled, pending ones never run; status <see cref="WorkflowStatus.Terminated"/>.
    /// </summary>
    /// <param name="reason">Why, recorded in the history and the error.</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision; empty when the workflow is not active.</returns>
    public WorkflowDecision Terminate(string? reason, DateTimeOffset now) => Decide(() =>
    {
        if (!_state.Status.IsActive())
        {
            return;
        }

        StopSteps(StepStatus.Cancelled, null, now);
        _state.Status = WorkflowStatus.Terminated;
        _state.Error = new StepError(TerminatedError, reason ?? "Terminated on request.", Retryable: false);
        _state.CompletedAt = now;
        Append(seq => new WorkflowTerminated(seq, now, reason));
    });

    /// <summary>Pauses a running workflow: what runs finishes and is recorded; nothing new is dispatched until <see cref="Unpause"/>.</summary>
    /// <param name="reason">Why, recorded in the history.</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision; empty when the workflow is not running.</returns>
    public WorkflowDecision Pause(string? reason, DateTimeOffset now) => Decide(() =>
    {
        if (_state.Status != WorkflowStatus.Running)
        {
            return;
        }

        _state.Status = WorkflowStatus.Paused;
        Append(seq => new WorkflowPaused(seq, now, reason));
    });

    /// <summary>Resumes a paused workflow and dispatches at once what became ready or due while it was paused.</summary>
    /// <param name="now">The time.</param>
    /// <returns>The decision; empty when the workflow is not paused.</returns>
    public WorkflowDecision Unpause(DateTimeOffset now) => Decide(() =>
    {
        if (_state.Status != WorkflowStatus.Paused)
        {
            return;
        }

        _state.Status = WorkflowStatus.Running;
        Append(seq => new WorkflowResumed(seq, now));
        if (!TimeOutIfDue(now))
        {
            WakeDue(now);
            StartMoreChildren(now);
            Advance(now);
        }
    });

    /// <summary>
    /// Checks a retry before anything changes: the status must be retryable, and the patched input (if any) must
    /// satisfy the definition's input schema.
    /// </summary>
    /// <param name="command">The retry.</param>
    /// <param name="input">The input the retry runs with.</param>
    /// <param name="problem">Why the status does not allow it.</param>
    /// <returns>Every input-schema violation; empty (and <paramref name="problem"/> null) when <see cref="Retry"/> may run.</returns>
    public IReadOnlyList<ValidationError> CheckRetry(RetryWorkflowCommand command, out JsonElement input, out string? problem)
    {
        input = command.InputPatch is { } patch ? JsonMergePatch.Apply(_state.Input, patch) : _state.Input;
        problem = _state.Status.IsRetryable()
            ? null
            : $"Only a failed, timed-out, terminated or cancelled workflow can be retried; this one is {_state.Status}.";
        return problem is null && command.InputPatch is not null ? CheckInput(_definition, input) : [];
    }

    /// <summary>
    /// Runs a finished, unsuccessful workflow again: every step that did not complete goes back to pending (a task
    /// step starts a fresh set of attempts, a step with child workflows starts new ones), completed steps keep their
    /// outputs, and the workflow timeout counts again from now.
    /// </summary>
    /// <param name="command">The input patch, reason and caller.</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision; empty when <see cref="CheckRetry"/> finds a problem.</returns>
    public WorkflowDecision Retry(RetryWorkflowCommand command, DateTimeOffset now) => Decide(() =>
    {
        if (CheckRetry(command, out var input, out var problem).Count > 0 || problem is not null)
        {
            return;
        }

        var reset = new List<string>();
        foreach (var step in _definition.Steps)
        {
            var st = _state.Steps[step.Id];
            if (st.Status == StepStatus.Completed)
            {
                continue;
            }

            reset.Add(step.Id);
            st.Status = StepStatus.Pending;
            st.AttemptBase = st.AttemptsFinished; // attempt numbers keep growing, so task grains never take a new attempt for an old one
            st.Output = null;
            st.Error = null;
            st.ScheduledAt = null;
            st.CompletedAt = null;
            st.NextAttemptAt = null;
            st.WakeAt = null;
            st.Awaiting = null;
            st.ServiceWait = null;
            if (st.Children is { } children)
            {
                st.Children = new ChildRuns { Run = children.Run + 1 };
            }
        }

        _state.Input = input;
        _state.Status = WorkflowStatus.Running;
        _state.Error = null;
        _state.Output = null;
        _state.CompletedAt = null;
        _state.RunStartedAt = now;
        Append(seq => new WorkflowRetried(seq, now, reset, command.InputPatch is not null, command.Reason, command.By));
        if (!TimeOutIfDue(now))
        {
            Advance(now);
        }
    });

    /// <summary>
    /// Ends every step that has not finished: running and waiting ones (tasks and child workflows stopped) become
    /// <see cref="StepStatus.Cancelled"/>; pending ones become <paramref name="pending"/> (skipped with
    /// <paramref name="skipReason"/>, or cancelled).
    /// </summary>
    private void StopSteps(StepStatus pending, string? skipReason, DateTimeOffset now)
    {
        foreach (var step in _definition.Steps)
        {
            var st = _state.Steps[step.Id];
            if (st.Status.IsTerminal())
            {
                continue;
            }

            if (st.Status == StepStatus.Pending && pending == StepStatus.Skipped)
            {
                st.Status = StepStatus.Skipped;
                st.CompletedAt = now;
                Append(seq => new StepSkipped(seq, now, step.Id, skipReason!));
                continue;
            }

            if (st.Status.HasTask() && st.Children is null)
            {
                _decision.Cancel.Add(step.Id);

                // The dispatched attempt ends here: count it, so that a retry of the workflow dispatches a higher
                // attempt, which the task grain runs (it refuses the cancelled one again) and which a late report
                // of the cancelled attempt cannot pass for.
                st.AttemptsFinished++;
            }

            if (st.Children is { } children)
            {
                _decision.CancelChildren.AddRange(children.Running.Select(i => ChildId(step.Id, children, i)));
                children.Running.Clear();
            }

            st.Status = StepStatus.Cancelled;
            st.CompletedAt = now;
            st.NextAttemptAt = null;
            st.WakeAt = null;
            st.Awaiting = null;
            st.ServiceWait = null;
            Append(seq => new StepCancelled(seq, now, step.Id));
        }
    }
}
