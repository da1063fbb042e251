namespace Automation.Postgres.Statistics;

/// <summary>Workflows that finished in a window, by outcome.</summary>
/// <param name="Completed">Completed.</param>
/// <param name="Failed">Failed.</param>
/// <param name="TimedOut">Timed out.</param>
/// <param name="Cancelled">Cancelled on request.</param>
/// <param name="Terminated">Terminated on request.</param>
public sealed record WorkflowOutcomes(long Completed, long Failed, long TimedOut, long Cancelled, long Terminated)
{
    /// <summary>
    /// Completed out of completed, failed and timed out (cancelled and terminated are someone's decision, not an
    /// outcome of the run); null when none of those finished.
    /// </summary>
    public double? SuccessRate => Completed + Failed + TimedOut is var decided and > 0 ? (double)Completed / decided : null;
}
