using System.Text.Json;
using Automation.Engine.Steps;
using Automation.Events;
using Automation.Workflows;

namespace Automation.Engine.Workflows;

public sealed partial class WorkflowExecution
{
    /// <summary>
    /// Delivers a signal: the first <c>wait</c> step (in definition order) waiting for <paramref name="name"/> completes
    /// with <paramref name="payload"/> as its output; when none waits, the signal is kept in
    /// <see cref="WorkflowState.Signals"/> and the first such step to activate takes it.
    /// </summary>
    /// <param name="name">The signal name.</param>
    /// <param name="payload">Any JSON.</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision; empty when the workflow is not running.</returns>
    public WorkflowDecision Signal(string name, JsonElement payload, DateTimeOffset now) => Decide(() =>
    {
        if (!_state.Status.IsActive())
        {
            return;
        }

        var waiting = _definition.Steps.FirstOrDefault(s =>
            _state.Steps[s.Id] is { Status: StepStatus.Waiting, Awaiting.Signal: { } awaited } && awaited == name);
        Append(seq => new SignalReceived(seq, now, name, waiting?.Id));
        if (waiting is null)
        {
            _state.Signals.Add(new PendingSignal(name, payload, now));
            return;
        }

        Settle(waiting, _state.Steps[waiting.Id], StepActivation.Complete(payload), now);
        Advance(now);
    });

    /// <summary>The step that <see cref="Signal"/> would complete now, if any.</summary>
    /// <param name="name">The signal name.</param>
    /// <returns>The step id, or <see langword="null"/> when the signal would be kept.</returns>
    public string? StepWaitingFor(string name) => _definition.Steps.FirstOrDefault(s =>
        _state.Steps[s.Id] is { Status: StepStatus.Waiting, Awaiting.Signal: { } awaited } && awaited == name)?.Id;

    /// <summary>Whether <paramref name="stepId"/> is a step waiting for an approval decision.</summary>
    /// <param name="stepId">The step id.</param>
    /// <returns><see langword="true"/> when <see cref="Approve"/> would record a decision.</returns>
    public bool AwaitsApproval(string stepId) =>
        _state.Status.IsActive() && _state.Steps.TryGetValue(stepId, out var st)
        && st is { Status: StepStatus.Waiting, Awaiting.Approval: true };

    /// <summary>
    /// Records an approval decision on a waiting approval step: approve completes it with
    /// <c>{ "approved": true, "by", "comment", "at" }</c>; reject fails it with the non-retryable
    /// <c>approval.rejected</c>, which fails the workflow.
    /// </summary>
    /// <param name="stepId">The approval step.</param>
    /// <param name="approved">The decision.</param>
    /// <param name="by">Who decided.</param>
    /// <param name="comment">Free text.</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision; empty when the step is not waiting for an approval (see <see cref="AwaitsApproval"/>).</returns>
    public WorkflowDecision Approve(string stepId, bool approved, string by, string? comment, DateTimeOffset now) => Decide(() =>
    {
        if (!AwaitsApproval(stepId))
        {
            return;
        }

        var step = _definition.FindStep(stepId)!;
        Append(seq => new ApprovalRecorded(seq, now, stepId, approved, by, comment));
        if (approved)
        {
            var output = JsonSerializer.SerializeToElement(new { approved = true, by, comment, at = now });
            Settle(step, _state.Steps[stepId], StepActivation.Complete(output), now);
            Advance(now);
        }
        else
        {
            var why = string.IsNullOrEmpty(comment) ? "" : $": {comment}";
            Settle(step, _state.Steps[stepId], StepActivation.Fail(new StepError("approval.rejected", $"Rejected by {by}{why}", Retryable: false)), now);
        }
    });
}
