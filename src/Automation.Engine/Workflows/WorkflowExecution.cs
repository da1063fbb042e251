using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Steps;
using Automation.Events;
using Automation.Workflows;

namespace Automation.Engine.Workflows;

/// <summary>
/// The workflow state machine, with no Orleans and no I/O: given the definition, the current state, the time and one
/// input (start, task report, cancel, resume after a pause) it updates the state, records the events and returns the side effects
/// to carry out once the state is durable. The grain around it is load → decide → commit → act.
/// </summary>
/// <remarks>
/// Step kinds plug in their control-flow behaviour through <see cref="StepKindRegistry"/>: when a step becomes ready
/// its kind decides whether it runs as a task or finishes at once. Readiness and completion are generic: a step is
/// ready when its dependencies are all final and at least one completed (a step whose dependencies were all skipped
/// is skipped); the workflow completes when every step is completed or skipped.
/// </remarks>
public sealed partial class WorkflowExecution
{
    private readonly StepKindRegistry _kinds;
    private readonly string _workflowId;
    private readonly WorkflowDefinition _definition;
    private readonly WorkflowState _state;
    private readonly ExecutionMemo? _memo;
    private WorkflowDecision _decision = new();

    /// <summary>Binds the engine to one workflow instance.</summary>
    /// <param name="kinds">The step kinds.</param>
    /// <param name="workflowId">The workflow id.</param>
    /// <param name="definition">The pinned definition.</param>
    /// <param name="state">The state to decide on; it is updated in place.</param>
    /// <param name="memo">What the engine may remember between decisions (rendered arguments of steps with children); optional.</param>
    public WorkflowExecution(StepKindRegistry kinds, string workflowId, WorkflowDefinition definition, WorkflowState state, ExecutionMemo? memo = null)
    {
        _memo = memo;
        _kinds = kinds;
        _workflowId = workflowId;
        _definition = definition;
        _state = state;
    }

    /// <summary>Creates the state of a new workflow and runs it as far as it goes without I/O.</summary>
    /// <param name="kinds">The step kinds.</param>
    /// <param name="workflowId">The workflow id.</param>
    /// <param name="definition">The definition version to pin.</param>
    /// <param name="input">The start input.</param>
    /// <param name="now">The time.</param>
    /// <returns>The new state and the decision.</returns>
    public static (WorkflowState State, WorkflowDecision Decision) Start(
        StepKindRegistry kinds, string workflowId, WorkflowDefinition definition, JsonElement input, DateTimeOffset now)
    {
        var state = new WorkflowState
        {
            Definition = definition.Name,
            Version = definition.Version,
            Status = WorkflowStatus.Running,
            Input = input,
            CreatedAt = now,
            RunStartedAt = now,
            Steps = definition.Steps.ToDictionary(s => s.Id, _ => new StepState(), StringComparer.Ordinal),
        };
        var execution = new WorkflowExecution(kinds, workflowId, definition, state);
        return (state, execution.Decide(() =>
        {
            execution.Append(seq => new WorkflowStarted(seq, now, definition.Name, definition.Version));
            execution.Advance(now);
        }));
    }

    /// <summary>Checks a start input against the definition's input schema, before anything is created.</summary>
    /// <param name="definition">The definition version to pin.</param>
    /// <param name="input">The start input.</param>
    /// <returns>Every violation with its path under <c>$.input</c>; empty when the workflow may start.</returns>
    public static IReadOnlyList<ValidationError> CheckInput(WorkflowDefinition definition, JsonElement input) =>
        InputSchema.Evaluate(definition, input);

    /// <summary>Cancels a running workflow: running steps are stopped, the others never run.</summary>
    /// <param name="reason">Why, recorded in the history and the error.</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision; empty when the workflow is not running.</returns>
    public WorkflowDecision Cancel(string? reason, DateTimeOffset now) => Decide(() =>
    {
        if (!_state.Status.IsActive())
        {
            return;
        }

        StopSteps(StepStatus.Cancelled, null, now);
        _state.Status = WorkflowStatus.Cancelled;
        _state.Error = new StepError("cancelled", reason ?? "Cancelled on request.", Retryable: false);
        _state.CompletedAt = now;
        Append(seq => new WorkflowCancelled(seq, now, reason));
    });

    private WorkflowDecision Decide(Action apply)
    {
        _decision = new WorkflowDecision();
        apply();
        return _decision;
    }

    private void Append(Func<long, WorkflowEvent> create)
    {
        var e = create(_state.HistoryLength + 1);
        _state.History.Add(e);
        _decision.Events.Add(e);
    }
}
