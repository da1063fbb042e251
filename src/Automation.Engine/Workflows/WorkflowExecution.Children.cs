using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Steps;
using Automation.Events;
using Automation.Templates;
using Automation.Workflows;

namespace Automation.Engine.Workflows;

public sealed partial class WorkflowExecution
{
    /// <summary>The longest workflow id; a child id that would be longer shortens its parent part with a hash.</summary>
    public const int MaxWorkflowIdLength = 200;

    /// <summary>The error type of a step whose child workflow did not complete.</summary>
    public const string ChildFailedError = "child.failed";

    /// <summary>
    /// Applies a child workflow's final status: the step starts its next children, fails (first failure with
    /// fail-fast), or, once all have finished, asks the grain to collect their outputs. A report for a child the step
    /// no longer waits for (a duplicate, an earlier run, a stopped step) changes nothing.
    /// </summary>
    /// <param name="report">The child's report.</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision.</returns>
    public WorkflowDecision ChildFinished(ChildReport report, DateTimeOffset now) => ChildrenFinished([report], now);

    /// <summary>Applies several child reports in one decision (see <see cref="ChildFinished"/>), in order.</summary>
    /// <param name="reports">The reports.</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision.</returns>
    public WorkflowDecision ChildrenFinished(IEnumerable<ChildReport> reports, DateTimeOffset now) => Decide(() =>
    {
        foreach (var report in reports)
        {
            ApplyChildReport(report, now);
        }
    });

    private void ApplyChildReport(ChildReport report, DateTimeOffset now)
    {
        if (!_state.Status.IsActive() || TimeOutIfDue(now)
            || !_state.Steps.TryGetValue(report.Parent.StepId, out var st) || st.Status != StepStatus.Running
            || st.Children is not { } runs || runs.Run != report.Parent.Run || runs.Collecting || !runs.Running.Remove(report.Parent.Index))
        {
            return;
        }

        var step = _definition.FindStep(report.Parent.StepId)!;
        var index = report.Parent.Index;
        Append(seq => new ChildFinished(seq, now, step.Id, report.ChildId, index, report.Status));
        if (report.Status == WorkflowStatus.Completed)
        {
            runs.Completed++;
            if (runs.FirstWins)
            {
                runs.Winner = index;
                StopChildren(step.Id, runs);
                Collect(step, runs, [index]);
                return;
            }
        }
        else
        {
            runs.Failed++;
            if (runs.FirstFailure is null)
            {
                runs.FirstFailure = index;
                runs.FirstError = report.Error ?? new StepError(report.Status.ToString().ToLowerInvariant(), $"The child workflow ended {report.Status}.", Retryable: false);
            }

            if (runs.FailFast && !runs.FirstWins)
            {
                FailChildStep(step, st, runs, now);
                return;
            }
        }

        if (runs.Started < runs.Total)
        {
            StartMore(step, st, runs, now);
        }
        else if (runs.Running.Count == 0)
        {
            if (runs.FirstWins)
            {
                FailChildStep(step, st, runs, now); // no branch completed
            }
            else
            {
                Collect(step, runs, Enumerable.Range(0, runs.Total));
            }
        }
    }

    /// <summary>
    /// Completes a step whose children's results the grain read (see <see cref="WorkflowDecision.Collect"/>), and moves on.
    /// Results that are not final (a child that could not be read) leave the step collecting: the grain tries again.
    /// </summary>
    /// <param name="stepId">The step.</param>
    /// <param name="results">The results, in the order asked.</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision.</returns>
    public WorkflowDecision Collected(string stepId, IReadOnlyList<ChildResult> results, DateTimeOffset now) => Decide(() =>
    {
        if (!_state.Status.IsActive() || !_state.Steps.TryGetValue(stepId, out var st) || st.Status != StepStatus.Running
            || st.Children is not { Collecting: true } runs || results.Any(r => !r.Status.IsTerminal()))
        {
            return;
        }

        var step = _definition.FindStep(stepId)!;
        if (ChildContext(step, st, now) is not { } context)
        {
            return;
        }

        JsonElement output;
        try
        {
            output = ((IChildStepKind)_kinds.Get(step.Type)).Output(context, runs, results);
        }
        catch (TemplateException ex)
        {
            runs.Collecting = false;
            FailStep(step.Id, st, st.AttemptsFinished + 1, new StepError("template", ex.Message, Retryable: false), now);
            return;
        }

        runs.Collecting = false;
        Append(seq => new StepStarted(seq, st.ScheduledAt ?? now, step.Id, st.AttemptsFinished + 1));
        st.AttemptsFinished++;
        CompleteStep(step.Id, st, st.AttemptsFinished, output, now);
        Advance(now);
    });

    /// <summary>The id of a step's child: <c>{parent}:{step}:{index}</c>, with <c>r{run}</c> before the index after a retry; a given id, with <c>:r{run}</c> after a retry.</summary>
    /// <param name="stepId">The step.</param>
    /// <param name="runs">The step's children.</param>
    /// <param name="index">The child's position.</param>
    /// <returns>The child workflow id.</returns>
    public string ChildId(string stepId, ChildRuns runs, int index) => runs.CustomId is { } id
        ? (runs.Run == 1 ? id : $"{id}:r{runs.Run}") // a retried parent's new child cannot reuse the first one's id
        : ChildIdPrefix(stepId, runs.Run) + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What every child id of a step's run starts with.</summary>
    /// <param name="stepId">The step.</param>
    /// <param name="run">The run.</param>
    /// <returns>The prefix.</returns>
    public string ChildIdPrefix(string stepId, int run)
    {
        var suffix = run == 1 ? $":{stepId}:" : $":{stepId}:r{run}:";
        var parent = _workflowId;
        if (parent.Length + suffix.Length + 6 > MaxWorkflowIdLength)
        {
            // Deterministic and still recognisable: the start of the parent id, then a hash of all of it.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(parent)))[..12];
            parent = $"{parent[..(MaxWorkflowIdLength - suffix.Length - 6 - 13)]}~{hash}";
        }

        return parent + suffix;
    }

    /// <summary>Starts the children of a step that just activated with <see cref="StepActivation.RunChildren"/>.</summary>
    private bool RunChildren(StepDefinition step, StepState st, ChildPlan plan, DateTimeOffset now)
    {
        var runs = st.Children ??= new ChildRuns();
        runs.Total = plan.Total;
        runs.MaxConcurrency = Math.Max(1, plan.MaxConcurrency);
        runs.FailFast = plan.FailFast;
        runs.FirstWins = plan.FirstWins;
        runs.CustomId = plan.CustomId;
        st.Status = StepStatus.Running;
        st.WakeAt = null;
        _decision.MarkChanged();
        if (plan.Total == 0)
        {
            Collect(step, runs, []);
            return false;
        }

        StartMore(step, st, runs, now);
        return false;
    }

    /// <summary>Starts children in index order until the concurrency limit or the total is reached; none while paused.</summary>
    private void StartMore(StepDefinition step, StepState st, ChildRuns runs, DateTimeOffset now)
    {
        if (_state.Status != WorkflowStatus.Running || runs.Started >= runs.Total || runs.Running.Count >= runs.MaxConcurrency)
        {
            return;
        }

        if (ChildContext(step, st, now) is not { } context)
        {
            return;
        }

        var kind = (IChildStepKind)_kinds.Get(step.Type);
        while (runs.Started < runs.Total && runs.Running.Count < runs.MaxConcurrency)
        {
            var index = runs.Started;
            ChildSpec spec;
            try
            {
                spec = kind.Child(context, index);
            }
            catch (TemplateException ex)
            {
                StopChildren(step.Id, runs);
                FailStep(step.Id, st, st.AttemptsFinished + 1, new StepError("template", ex.Message, Retryable: false), now);
                return;
            }

            runs.Started++;
            runs.Running.Add(index);
            var childId = ChildId(step.Id, runs, index);
            _decision.StartChildren.Add(new ChildStart(childId, Command(spec, step.Id, runs.Run, index)));
            Append(seq => new ChildStarted(seq, now, step.Id, childId, index));
        }
    }

    /// <summary>The start command of one child: the parent's definition with a subflow, or the named definition.</summary>
    private StartWorkflowCommand Command(ChildSpec spec, string stepId, int run, int index)
    {
        var parent = new ParentLink(_workflowId, stepId, index, run);
        var subflow = spec.Subflow is null ? null : _state.Subflow is { } own ? $"{own}/{spec.Subflow}" : spec.Subflow;
        return spec.Subflow is not null
            ? new StartWorkflowCommand(_state.Definition, _state.Version, spec.Input) { Parent = parent, Subflow = subflow, StartedBy = _state.StartedBy }
            : new StartWorkflowCommand(spec.Definition!, spec.Version, spec.Input) { Parent = parent, StartedBy = _state.StartedBy };
    }

    /// <summary>
    /// After a pause or a silo loss: asks again for every running child (a start is idempotent, and a finished
    /// child answers with its result), starts what the concurrency allows, and collects again what was collecting.
    /// </summary>
    private void ResumeChildren(DateTimeOffset now)
    {
        foreach (var step in _definition.Steps)
        {
            var st = _state.Steps[step.Id];
            if (!_state.Status.IsActive() || st.Status != StepStatus.Running || st.Children is not { } runs)
            {
                continue;
            }

            if (runs.Collecting)
            {
                Collect(step, runs, runs.Winner is { } winner ? [winner] : Enumerable.Range(0, runs.Total));
                continue;
            }

            if (runs.Running.Count > 0 && ChildContext(step, st, now) is { } context)
            {
                var kind = (IChildStepKind)_kinds.Get(step.Type);
                foreach (var index in runs.Running)
                {
                    _decision.StartChildren.Add(new ChildStart(ChildId(step.Id, runs, index), Command(kind.Child(context, index), step.Id, runs.Run, index)));
                }
            }

            StartMore(step, st, runs, now);
        }
    }

    /// <summary>Starts what the concurrency allows in every step with children (after a pause).</summary>
    private void StartMoreChildren(DateTimeOffset now)
    {
        foreach (var step in _definition.Steps)
        {
            var st = _state.Steps[step.Id];
            if (st.Status == StepStatus.Running && st.Children is { Collecting: false } runs)
            {
                StartMore(step, st, runs, now);
            }
        }
    }

    private void Collect(StepDefinition step, ChildRuns runs, IEnumerable<int> indexes)
    {
        runs.Collecting = true;
        _decision.MarkChanged();
        _decision.Collect.Add(new ChildCollection(step.Id, [.. indexes.Select(i => ChildId(step.Id, runs, i))]));
    }

    private void StopChildren(string stepId, ChildRuns runs)
    {
        _decision.CancelChildren.AddRange(runs.Running.Select(i => ChildId(stepId, runs, i)));
        runs.Running.Clear();
    }

    private void FailChildStep(StepDefinition step, StepState st, ChildRuns runs, DateTimeOffset now)
    {
        StopChildren(step.Id, runs);
        var childId = ChildId(step.Id, runs, runs.FirstFailure ?? 0);
        var cause = runs.FirstError?.Message ?? "it did not complete";
        Append(seq => new StepStarted(seq, st.ScheduledAt ?? now, step.Id, st.AttemptsFinished + 1));
        FailStep(step.Id, st, st.AttemptsFinished + 1, new StepError(ChildFailedError, $"Child workflow {childId} did not complete: {cause}", Retryable: false), now);
    }

    /// <summary>The activation context of a step with children, its rendered arguments remembered per run; null when rendering failed the step.</summary>
    private StepActivationContext? ChildContext(StepDefinition step, StepState st, DateTimeOffset now)
    {
        var run = st.Children?.Run ?? 1;
        if (_memo?.With.TryGetValue((step.Id, run), out var with) != true)
        {
            if (!TryRender(step, out with, out var error))
            {
                FailStep(step.Id, st, st.AttemptsFinished + 1, error, now);
                return null;
            }

            _memo?.With[(step.Id, run)] = with;
        }

        return new StepActivationContext(_workflowId, step, with, now) { Scope = Scope() };
    }
}
