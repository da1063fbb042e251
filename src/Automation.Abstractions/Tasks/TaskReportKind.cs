namespace Automation.Tasks;

/// <summary>What a task grain reports to its workflow about one attempt. The workflow applies the retry policy.</summary>
public enum TaskReportKind
{
    /// <summary>The attempt succeeded; the output is set.</summary>
    Completed = 0,

    /// <summary>No longer sent: the workflow decides retries. A report of this kind is treated as <see cref="Failed"/>.</summary>
    Retrying = 1,

    /// <summary>The attempt failed; the error is set, and the output holds whatever the attempt produced.</summary>
    Failed = 2,

    /// <summary>
    /// The attempt did not start: the step's service is Unhealthy or its circuit breaker is open. The error says why
    /// (<c>service.unavailable</c>), <see cref="TaskReport.Service"/> names the service and
    /// <see cref="TaskReport.NextAttemptAt"/> says when a call may go; the workflow waits and does not count an attempt.
    /// </summary>
    Deferred = 3,
}
