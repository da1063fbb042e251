using Automation.Workflows;

namespace Automation.Grains.Workflows;

internal sealed partial class WorkflowGrain
{
    async Task<ControlWorkflowResult> IWorkflowGrain.TerminateAsync(string? reason)
    {
        if (Missing() is { } missing)
        {
            return missing;
        }

        if (S.Status.IsTerminal())
        {
            return Conflict($"Workflow '{Id}' already finished with status {S.Status}.");
        }

        await CommitAsync(Decide(() => Execution.Terminate(reason, time.GetUtcNow())));
        return new ControlWorkflowResult(ControlWorkflowOutcome.Applied, Snapshot());
    }

    async Task<ControlWorkflowResult> IWorkflowGrain.PauseAsync(string? reason)
    {
        if (Missing() is { } missing)
        {
            return missing;
        }

        if (S.Status != WorkflowStatus.Running)
        {
            return Conflict($"Only a running workflow can be paused; workflow '{Id}' is {S.Status}.");
        }

        await CommitAsync(Decide(() => Execution.Pause(reason, time.GetUtcNow())));
        return new ControlWorkflowResult(ControlWorkflowOutcome.Applied, Snapshot());
    }

    async Task<ControlWorkflowResult> IWorkflowGrain.UnpauseAsync()
    {
        if (Missing() is { } missing)
        {
            return missing;
        }

        if (S.Status != WorkflowStatus.Paused)
        {
            return Conflict($"Only a paused workflow can be resumed; workflow '{Id}' is {S.Status}.");
        }

        await CommitAsync(Decide(() => Execution.Unpause(time.GetUtcNow())));
        return new ControlWorkflowResult(ControlWorkflowOutcome.Applied, Snapshot());
    }

    async Task<ControlWorkflowResult> IWorkflowGrain.RetryAsync(RetryWorkflowCommand command)
    {
        if (Missing() is { } missing)
        {
            return missing;
        }

        var invalid = Execution.CheckRetry(command, out _, out var problem);
        if (problem is not null)
        {
            return Conflict(problem);
        }

        if (invalid.Count > 0)
        {
            return new ControlWorkflowResult(ControlWorkflowOutcome.InputInvalid, Snapshot()) { Errors = invalid };
        }

        _indexedStatus = null; // the row goes back to Running
        await CommitAsync(Decide(() => Execution.Retry(command, time.GetUtcNow())));
        return new ControlWorkflowResult(ControlWorkflowOutcome.Applied, Snapshot());
    }

    async Task IWorkflowGrain.ChildFinishedAsync(ChildReport report)
    {
        if (S.Exists && S.Status.IsActive())
        {
            await CommitAsync(Decide(() => Execution.ChildFinished(report, time.GetUtcNow())));
        }
    }

    private ControlWorkflowResult? Missing()
    {
        if (S.Exists)
        {
            return null;
        }

        DeactivateOnIdle();
        return new ControlWorkflowResult(ControlWorkflowOutcome.NotFound, null);
    }

    private ControlWorkflowResult Conflict(string problem) => new(ControlWorkflowOutcome.Conflict, Snapshot(), problem);
}
