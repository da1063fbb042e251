using Automation.Events;
using Automation.Tasks;
using Automation.Workflows;

namespace Automation.Engine.Workflows;

public sealed partial class WorkflowExecution
{
    /// <summary>Applies a task grain's report. Duplicates, stale and out-of-order reports change nothing.</summary>
    /// <param name="report">The report.</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision. A late report of a task still retrying a stopped step yields only a cancel to re-send.</returns>
    public WorkflowDecision Apply(TaskReport report, DateTimeOffset now) => Decide(() =>
    {
        if (!_state.Steps.TryGetValue(report.StepId, out var st))
        {
            return;
        }

        if (_state.Status.IsTerminal() || st.Status.IsTerminal())
        {
            // The outcome is already recorded. A task still retrying a step that was stopped missed its (one-way)
            // cancel: send it again.
            if (report.Kind == TaskReportKind.Retrying && st.Status != StepStatus.Completed)
            {
                _decision.Cancel.Add(report.StepId);
            }

            return;
        }

        if (!st.Status.HasTask() || report.Attempt < st.AttemptsFinished)
        {
            return; // Never dispatched, or older than what is recorded (one-way messages may arrive out of order).
        }

        var step = _definition.FindStep(report.StepId)!;
        switch (report.Kind)
        {
            case TaskReportKind.Retrying when st.Failures.Any(f => f.Attempt == report.Attempt):
                return;
            case TaskReportKind.Retrying:
                RecordFailure(st, report);
                st.Status = StepStatus.Retrying;
                st.NextAttemptAt = report.NextAttemptAt;
                Append(seq => new StepRetrying(seq, report.FinishedAt, step.Id, report.Attempt, report.Error!, report.NextAttemptAt ?? report.FinishedAt));
                break;
            case TaskReportKind.Completed:
                Append(seq => new StepStarted(seq, report.StartedAt, step.Id, report.Attempt));
                st.AttemptsFinished = report.Attempt;
                CompleteStep(step.Id, st, report.Attempt, report.Output, report.FinishedAt);
                Advance(now);
                break;
            case TaskReportKind.Failed:
                RecordFailure(st, report);
                FailStep(step.Id, st, report.Attempt, report.Error!, report.FinishedAt);
                break;
        }
    });

    private void RecordFailure(StepState st, TaskReport report)
    {
        Append(seq => new StepStarted(seq, report.StartedAt, report.StepId, report.Attempt));
        st.AttemptsFinished = report.Attempt;
        st.Error = report.Error;

        // Only the latest failed attempt keeps what it produced (e.g. the HTTP response): the state is rewritten on
        // every transition, so keeping every response would grow it with each retry.
        for (var i = 0; i < st.Failures.Count; i++)
        {
            st.Failures[i] = st.Failures[i] with { Output = null };
        }

        st.Failures.Add(new AttemptFailure(report.Attempt, report.StartedAt, report.FinishedAt, report.Error!, report.Output));
    }
}
