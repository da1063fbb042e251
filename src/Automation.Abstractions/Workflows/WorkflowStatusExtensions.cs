namespace Automation.Workflows;

/// <summary>Helpers over <see cref="WorkflowStatus"/> and <see cref="StepStatus"/>.</summary>
public static class WorkflowStatusExtensions
{
    /// <summary>Tells whether a workflow status is final.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for Completed, Failed and Cancelled.</returns>
    public static bool IsTerminal(this WorkflowStatus status) => status != WorkflowStatus.Running;

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
