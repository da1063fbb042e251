using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>How many workflows match the filters, in all and per status.</summary>
/// <param name="Total">All that match.</param>
/// <param name="Running">Running.</param>
/// <param name="Paused">Paused.</param>
/// <param name="Completed">Completed.</param>
/// <param name="Failed">Failed.</param>
/// <param name="Cancelled">Cancelled.</param>
/// <param name="TimedOut">Timed out.</param>
/// <param name="Terminated">Terminated.</param>
public sealed record WorkflowCountsResponse(long Total, long Running, long Paused, long Completed, long Failed, long Cancelled, long TimedOut, long Terminated)
{
    /// <summary>Maps the index's counts (a status with no rows is absent there, 0 here).</summary>
    /// <param name="counts">The counts per status.</param>
    /// <returns>The API record.</returns>
    public static WorkflowCountsResponse From(IReadOnlyDictionary<WorkflowStatus, long> counts)
    {
        long Of(WorkflowStatus status) => counts.TryGetValue(status, out var n) ? n : 0;
        return new(
            counts.Values.Sum(), Of(WorkflowStatus.Running), Of(WorkflowStatus.Paused), Of(WorkflowStatus.Completed), Of(WorkflowStatus.Failed),
            Of(WorkflowStatus.Cancelled), Of(WorkflowStatus.TimedOut), Of(WorkflowStatus.Terminated));
    }
}
