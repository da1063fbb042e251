namespace Automation.Tasks;

/// <summary>What a task grain reports to its workflow.</summary>
public enum TaskReportKind
{
    /// <summary>An attempt succeeded; the output is set.</summary>
    Completed,

    /// <summary>An attempt failed and another will run after the back-off.</summary>
    Retrying,

    /// <summary>The last attempt failed, or the error was not retryable.</summary>
    Failed,
}
