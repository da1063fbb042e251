namespace Automation.Workflows;

/// <summary>The lifecycle status of a workflow instance.</summary>
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
}
