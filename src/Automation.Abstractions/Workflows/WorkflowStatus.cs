namespace Automation.Workflows;

/// <summary>The lifecycle status of a workflow instance.</summary>
/// <remarks>Values are stored as numbers in workflow state: never renumber them; add new ones at the end.</remarks>
public enum WorkflowStatus
{
    /// <summary>Started and not yet finished.</summary>
    Running,

    /// <summary>Every step completed; the output is set.</summary>
    Completed,

    /// <summary>A step failed after its retries; the error is set.</summary>
    Failed,

    /// <summary>Cancelled on request.</summary>
    Cancelled,

    /// <summary>Did not finish within the definition's <c>timeout</c>; the error is <c>workflow.timeout</c>.</summary>
    TimedOut,

    /// <summary>Terminated on request: stopped at once, with the reason recorded.</summary>
    Terminated,

    /// <summary>Paused on request: running steps finish, no new step is dispatched until it is resumed.</summary>
    Paused,
}
