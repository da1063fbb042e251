using Automation.Engine.Workflows;
using Automation.Workflows;

namespace Automation.Grains.Workflows;

internal sealed partial class WorkflowGrain
{
    /// <summary>
    /// What a caller sees of the workflow. Its lists are <see cref="List{T}"/> copies, not collection expressions: Orleans
    /// serializes an interface-typed field by its runtime type, and finds no codec for a compiler-synthesized collection
    /// type — a lookup it does not cache, so every message would pay it in reflection.
    /// </summary>
    private WorkflowSnapshot? Snapshot()
    {
        if (!S.Exists || _definition is null)
        {
            return null;
        }

        var steps = _definition.Steps.Select(step =>
        {
            var st = S.Steps[step.Id];
            var attempts = st.Status is StepStatus.Running or StepStatus.Waiting ? st.AttemptsFinished + 1 : st.AttemptsFinished;
            return new StepSnapshot(step.Id, step.Type, st.Status, attempts, st.Output, st.Error, st.ScheduledAt, st.CompletedAt, st.NextAttemptAt, new List<AttemptFailure>(st.Failures))
            {
                WaitingFor = st.Status == StepStatus.Waiting ? st.Awaiting : null,
                WaitingForService = st.Status == StepStatus.Waiting ? st.ServiceWait : null,
                Children = st.Children is { } runs ? Children(step.Id, runs) : null,
                Progress = st.Status == StepStatus.Running && _progress.TryGetValue(step.Id, out var p) && p.Attempt == st.AttemptsFinished + 1 ? p.Progress : null,
            };
        }).ToList();

        return new WorkflowSnapshot(Id, S.Definition, S.Version, S.Status, S.Input, S.Output, S.Error, steps, S.CreatedAt, S.CompletedAt)
        {
            StartedBy = S.StartedBy,
            PendingSignals = new List<PendingSignal>(S.Signals),
            Tags = new List<string>(S.Tags),
            Parent = S.Parent,
            Subflow = S.Subflow,
        };
    }

    private StepChildren Children(string stepId, ChildRuns runs)
    {
        var execution = Execution;
        return new StepChildren(
            runs.Total, runs.Started, runs.Completed, runs.Failed, runs.Running.Select(i => execution.ChildId(stepId, runs, i)).ToList(), runs.CustomId is null ? execution.ChildIdPrefix(stepId, runs.Run) : execution.ChildId(stepId, runs, 0));
    }
}
