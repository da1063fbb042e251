namespace Automation.Workflows;

/// <summary>Helpers over <see cref="WorkflowStatus"/> and <see cref="StepStatus"/>.</summary>
public static class WorkflowStatusExtensions
{
    /// <summary>Tells whether a workflow status is final.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for Completed, Failed, Cancelled, TimedOut and Terminated.</returns>
    public static bool IsTerminal(this WorkflowStatus status) => status is not (WorkflowStatus.Running or WorkflowStatus.Paused);

    /// <summary>Tells whether a workflow may still change on its own: running or paused.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for Running and Paused.</returns>
    public static bool IsActive(this WorkflowStatus status) => !status.IsTerminal();

    /// <summary>Tells whether <c>POST /workflows/{id}/retry</c> may resume a workflow in this status.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for Failed, TimedOut, Terminated and Cancelled.</returns>
    public static bool IsRetryable(this WorkflowStatus status) =>
        status is WorkflowStatus.Failed or WorkflowStatus.TimedOut or WorkflowStatus.Terminated or WorkflowStatus.Cancelled;

    /// <summary>Tells whether a step status is final.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for Completed, Failed, Skipped and Cancelled.</returns>
    public static bool IsTerminal(this StepStatus status) =>
        status is StepStatus.Completed or StepStatus.Failed or StepStatus.Skipped or StepStatus.Cancelled;

    /// <summary>Whether the step has an attempt dispatched to a task grain, which a cancel must stop.</summary>
    /// <param name="status">The step status.</param>
    /// <returns><see langword="true"/> for <see cref="StepStatus.Running"/>.</returns>
    public static bool HasTask(this StepStatus status) => status == StepStatus.Running;
}
