namespace Automation.Workflows;

/// <summary>The status of one step of a workflow instance.</summary>
public enum StepStatus
{
    /// <summary>Waiting for the steps it depends on.</summary>
    Pending,

    /// <summary>Dispatched; an attempt is running or about to run.</summary>
    Running,

    /// <summary>An attempt failed and the next one waits for its back-off.</summary>
    Retrying,

    /// <summary>Finished successfully; the output is set.</summary>
    Completed,

    /// <summary>Failed after its retries, or with a non-retryable error.</summary>
    Failed,

    /// <summary>Never ran because the workflow ended first.</summary>
    Skipped,

    /// <summary>Stopped by a cancellation.</summary>
    Cancelled,
}
