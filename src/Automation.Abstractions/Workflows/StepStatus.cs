namespace Automation.Workflows;

/// <summary>The status of one step of a workflow instance.</summary>
/// <remarks>Values are stored as numbers in workflow state: never renumber them; add new ones at the end.</remarks>
public enum StepStatus
{
    /// <summary>Waiting for the steps it depends on.</summary>
    Pending = 0,

    /// <summary>Dispatched; an attempt is running or about to run.</summary>
    Running = 1,

    /// <summary>An attempt failed and the next one waits for its back-off.</summary>
    Retrying = 2,

    /// <summary>Finished successfully; the output is set.</summary>
    Completed = 3,

    /// <summary>Failed after its retries, or with a non-retryable error.</summary>
    Failed = 4,

    /// <summary>Never ran: the workflow ended first, or every step it depends on was skipped.</summary>
    Skipped = 5,

    /// <summary>Stopped by a cancellation.</summary>
    Cancelled = 6,

    /// <summary>Waiting inside the workflow for something other than a task: a signal, an approval or a timer.</summary>
    Waiting = 7,
}
