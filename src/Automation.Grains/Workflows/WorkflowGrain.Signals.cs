using System.Text.Json;
using Automation.Engine.Workflows;
using Automation.Workflows;

namespace Automation.Grains.Workflows;

internal sealed partial class WorkflowGrain
{
    /// <summary>The most signals a workflow keeps that no step has taken: each is in the state, written on every transition.</summary>
    internal const int MaxPendingSignals = 100;

    async Task<SignalWorkflowResult> IWorkflowGrain.SignalAsync(string name, JsonElement payload, string? requestId)
    {
        if (!S.Exists)
        {
            DeactivateOnIdle();
            return new SignalWorkflowResult(SignalWorkflowOutcome.NotFound, null);
        }

        if (requestId is not null && S.SignalRequests.FirstOrDefault(r => r.RequestId == requestId) is { } applied)
        {
            // A retry of a request already applied (its answer was lost): answer it again, change nothing.
            return applied.StepId is null
                ? new SignalWorkflowResult(SignalWorkflowOutcome.Buffered, Snapshot())
                : new SignalWorkflowResult(SignalWorkflowOutcome.Delivered, Snapshot(), applied.StepId);
        }

        if (S.Status.IsTerminal())
        {
            return new SignalWorkflowResult(SignalWorkflowOutcome.AlreadyFinished, Snapshot());
        }

        if (Definition.Signals is { } declared && !declared.Contains(name, StringComparer.Ordinal))
        {
            return new SignalWorkflowResult(SignalWorkflowOutcome.UnknownSignal, Snapshot());
        }

        var stepId = Execution.StepWaitingFor(name);
        if (stepId is null && S.Signals.Count >= MaxPendingSignals)
        {
            return new SignalWorkflowResult(SignalWorkflowOutcome.TooManyPending, Snapshot());
        }

        await CommitAsync(Decide(() =>
        {
            var decision = Execution.Signal(name, payload, time.GetUtcNow());
            if (requestId is not null)
            {
                // Written with the signal itself, so a retry finds it exactly when the signal was applied.
                S.SignalRequests.Add(new SignalRequest(requestId, stepId));
                if (S.SignalRequests.Count > WorkflowState.MaxSignalRequests)
                {
                    S.SignalRequests.RemoveAt(0);
                }
            }

            return decision;
        }));
        return stepId is null
            ? new SignalWorkflowResult(SignalWorkflowOutcome.Buffered, Snapshot())
            : new SignalWorkflowResult(SignalWorkflowOutcome.Delivered, Snapshot(), stepId);
    }

    async Task<ApproveStepResult> IWorkflowGrain.ApproveAsync(ApproveStepCommand command)
    {
        if (!S.Exists)
        {
            DeactivateOnIdle();
            return new ApproveStepResult(ApproveStepOutcome.NotFound, null);
        }

        if (S.Status.IsTerminal())
        {
            return new ApproveStepResult(ApproveStepOutcome.AlreadyFinished, Snapshot());
        }

        if (!S.Steps.ContainsKey(command.StepId))
        {
            return new ApproveStepResult(ApproveStepOutcome.StepNotFound, Snapshot());
        }

        if (!Execution.AwaitsApproval(command.StepId))
        {
            return new ApproveStepResult(ApproveStepOutcome.NotWaiting, Snapshot());
        }

        var approvers = S.Steps[command.StepId].Awaiting!.Approvers;
        if (approvers.Count > 0 && !approvers.Any(a => a == command.By || (a.StartsWith("role:", StringComparison.Ordinal) && command.Roles?.Contains(a[5..]) == true)))
        {
            return new ApproveStepResult(ApproveStepOutcome.NotAnApprover, Snapshot());
        }

        await CommitAsync(Decide(() => Execution.Approve(command.StepId, command.Approved, command.By, command.Comment, time.GetUtcNow())));
        return new ApproveStepResult(ApproveStepOutcome.Recorded, Snapshot());
    }
}
