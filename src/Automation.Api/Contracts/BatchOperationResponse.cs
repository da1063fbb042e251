using System.ComponentModel;
using Automation.Operations;

namespace Automation.Api.Contracts;

/// <summary>A batch operation and its progress.</summary>
/// <param name="OperationId">The operation id (<c>GET /api/v1/workflows/batch/{operationId}</c>).</param>
/// <param name="Action">What it does to each matching workflow: cancel, terminate, retry, pause or resume.</param>
/// <param name="Filter">Which workflows it applies to.</param>
/// <param name="Reason">Why, as given; otherwise null.</param>
/// <param name="Status">Running, Completed or Failed.</param>
/// <param name="Matched">Workflows the filter matched so far.</param>
/// <param name="Succeeded">Workflows the action was applied to.</param>
/// <param name="Skipped">Workflows not in a status the action applies to (e.g. a cancel of a completed workflow).</param>
/// <param name="Failed">Workflows the action could not be applied to.</param>
/// <param name="Errors">The first 20 failures.</param>
/// <param name="CreatedAt">When it was started.</param>
/// <param name="UpdatedAt">When its counters last changed.</param>
/// <param name="CompletedAt">When it completed or failed; otherwise null.</param>
/// <param name="CreatedBy">Who started it (a username or <c>apikey:ID</c>).</param>
/// <param name="Problem">Why it failed, when Failed; otherwise null.</param>
public sealed record BatchOperationResponse(
    string OperationId,
    [property: Description("cancel, terminate, retry, pause or resume.")] string Action,
    BatchFilterResponse Filter,
    string? Reason,
    BatchOperationStatus Status,
    long Matched,
    long Succeeded,
    long Skipped,
    long Failed,
    IReadOnlyList<BatchOperationErrorResponse> Errors,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    string CreatedBy,
    string? Problem)
{
    /// <summary>Maps the grain snapshot.</summary>
    /// <param name="s">The snapshot.</param>
    /// <returns>The API record.</returns>
    public static BatchOperationResponse From(BatchOperationSnapshot s) => new(
        s.OperationId, s.Action.ToString().ToLowerInvariant(), BatchFilterResponse.Of(s.Filter), s.Reason, s.Status, s.Matched, s.Succeeded,
        s.Skipped, s.Failed, [.. s.Errors.Select(BatchOperationErrorResponse.From)], s.CreatedAt, s.UpdatedAt, s.CompletedAt, s.CreatedBy, s.Problem);
}
