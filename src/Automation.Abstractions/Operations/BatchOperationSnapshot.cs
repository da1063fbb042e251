namespace Automation.Operations;

/// <summary>The visible state of a batch operation.</summary>
/// <param name="OperationId">The operation id.</param>
/// <param name="Action">What it does to each matching workflow.</param>
/// <param name="Filter">Which workflows it applies to.</param>
/// <param name="Reason">Why, as given.</param>
/// <param name="Status">Running, Completed or Failed.</param>
/// <param name="Matched">Workflows the filter matched so far.</param>
/// <param name="Succeeded">Workflows the action was applied to.</param>
/// <param name="Skipped">Workflows not in a status the action applies to (e.g. a cancel of a completed one).</param>
/// <param name="Failed">Workflows the action could not be applied to; the first 20 are in <paramref name="Errors"/>.</param>
/// <param name="Errors">The first <see cref="MaxErrors"/> failures.</param>
/// <param name="CreatedAt">When it was started.</param>
/// <param name="UpdatedAt">When its counters last changed.</param>
/// <param name="CompletedAt">When it completed or failed.</param>
/// <param name="CreatedBy">Who started it.</param>
/// <param name="Problem">Why it failed, when <see cref="BatchOperationStatus.Failed"/>.</param>
[GenerateSerializer, Immutable, Alias("automation.BatchOperationSnapshot")]
public sealed record BatchOperationSnapshot(
    [property: Id(0)] string OperationId,
    [property: Id(1)] BatchAction Action,
    [property: Id(2)] BatchFilter Filter,
    [property: Id(3)] string? Reason,
    [property: Id(4)] BatchOperationStatus Status,
    [property: Id(5)] long Matched,
    [property: Id(6)] long Succeeded,
    [property: Id(7)] long Skipped,
    [property: Id(8)] long Failed,
    [property: Id(9)] IReadOnlyList<BatchOperationError> Errors,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt,
    [property: Id(12)] DateTimeOffset? CompletedAt,
    [property: Id(13)] string CreatedBy,
    [property: Id(14)] string? Problem)
{
    /// <summary>How many failures an operation keeps with their workflow id and problem.</summary>
    public const int MaxErrors = 20;
}
