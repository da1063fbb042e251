using Automation.Events;
using Automation.Tasks;

namespace Automation.Engine.Workflows;

/// <summary>
/// What one input did to a workflow: the events it recorded (already applied to the state) and the side effects to
/// carry out once that state is durable. Nothing here has happened yet outside memory.
/// </summary>
public sealed class WorkflowDecision
{
    /// <summary>Events appended to the history by this decision, oldest first.</summary>
    public List<WorkflowEvent> Events { get; } = [];

    /// <summary>Task requests to send to task grains.</summary>
    public List<StepRequest> Dispatch { get; } = [];

    /// <summary>Steps whose task grains must stop.</summary>
    public List<string> Cancel { get; } = [];

    /// <summary>Child workflows to start (idempotent: a child that exists answers with its state).</summary>
    public List<ChildStart> StartChildren { get; } = [];

    /// <summary>Child workflows to terminate, because their step stopped.</summary>
    public List<string> CancelChildren { get; } = [];

    /// <summary>Steps whose children have all finished: the grain reads the children's results and hands them to <see cref="WorkflowExecution.Collected"/>.</summary>
    public List<ChildCollection> Collect { get; } = [];

    private bool _changed;

    /// <summary>Whether the state changed and must be written before anything is acted on.</summary>
    public bool StateChanged => _changed || Events.Count > 0;

    /// <summary>Records a change that appends no event (e.g. a retry's attempt dispatched), so it is written too.</summary>
    internal void MarkChanged() => _changed = true;

    /// <summary>The side effects, with a step dispatched and stopped by the same decision neither sent nor cancelled.</summary>
    /// <returns>The requests to send and the steps to cancel.</returns>
    public (IReadOnlyList<StepRequest> Dispatch, IReadOnlyList<string> Cancel) EffectiveActions()
    {
        if (Cancel.Count == 0)
        {
            return (Dispatch, Cancel);
        }

        var stopped = Cancel.ToHashSet(StringComparer.Ordinal);
        var dispatched = Dispatch.Select(r => r.StepId).ToHashSet(StringComparer.Ordinal);
        return ([.. Dispatch.Where(r => !stopped.Contains(r.StepId))], [.. Cancel.Where(id => !dispatched.Contains(id))]);
    }
}
