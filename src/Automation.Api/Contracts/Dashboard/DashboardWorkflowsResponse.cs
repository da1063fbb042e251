using System.ComponentModel;

namespace Automation.Api.Contracts;

/// <summary>Workflow activity over the dashboard's window, aggregated from the visibility table.</summary>
/// <param name="From">The start of the window (aligned to a bucket).</param>
/// <param name="To">The end of the window (now).</param>
/// <param name="BucketSeconds">The width of each point of <paramref name="Series"/>.</param>
/// <param name="Series">Started, completed and failed per bucket, oldest first.</param>
/// <param name="Started">Created in the window.</param>
/// <param name="Completed">Completed in the window.</param>
/// <param name="Failed">Failed in the window.</param>
/// <param name="TimedOut">Timed out in the window.</param>
/// <param name="Cancelled">Cancelled in the window.</param>
/// <param name="Terminated">Terminated in the window.</param>
/// <param name="SuccessRate">Completed out of completed, failed and timed out, 0 to 1; null when none of those finished.</param>
/// <param name="P50Seconds">Median run time of the workflows that completed in the window.</param>
/// <param name="P95Seconds">95th percentile run time of the workflows that completed in the window.</param>
/// <param name="Running">Running now.</param>
/// <param name="Paused">Paused now (waiting to be resumed).</param>
/// <param name="TopFailing">The definitions with the most failures in the window (at most 5).</param>
public sealed record DashboardWorkflowsResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    int BucketSeconds,
    IReadOnlyList<WorkflowRatePointResponse> Series,
    long Started,
    long Completed,
    long Failed,
    long TimedOut,
    long Cancelled,
    long Terminated,
    [property: Description("Completed / (completed + failed + timed out); cancelled and terminated runs are left out.")] double? SuccessRate,
    double? P50Seconds,
    double? P95Seconds,
    long Running,
    long Paused,
    IReadOnlyList<FailingDefinitionResponse> TopFailing);
