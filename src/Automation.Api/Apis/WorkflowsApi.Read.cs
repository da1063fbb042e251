using System.ComponentModel;
using System.Globalization;
using Automation.Api.Contracts;
using Automation.Api.Contracts.Events;
using Automation.Api.Hosting;
using Automation.Api.Security;
using Automation.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Automation.Api.Apis;

/// <summary><c>GET /api/v1/workflows/{workflowId}</c> (with long-poll) and its history.</summary>
internal static partial class WorkflowsApi
{
    private static async Task<Results<Ok<WorkflowResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [Description("The workflow id.")] string workflowId,
        [Description("Wait up to this long (e.g. 30s) for a running workflow to finish; at most Automation:Api:MaxWait (default 5m).")] string? wait,
        HttpContext http, IGrainFactory grains, ClusterCalls calls, IOptions<ApiOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ResourceNames.IsWorkflowId(workflowId))
        {
            return Problems.InvalidWorkflowId("workflowId", workflowId);
        }

        var remaining = TimeSpan.Zero;
        if (wait is not null && (!Duration.TryParse(wait, out remaining) || remaining > options.Value.MaxWait))
        {
            return Problems.Validation("wait", $"Must be a duration such as \"30s\" of at most {Duration.Format(options.Value.MaxWait)}, not '{wait}'.");
        }

        var grain = grains.GetStringKeyed<IWorkflowGrain>(workflowId);
        var deadline = time.GetUtcNow() + remaining;
        var maxSlice = options.Value.WaitSlice;
        // A caller who may read every workflow waits at once (the wait answers with the state: one grain call, not a
        // read and then a wait); one whose permission is narrowed to some definitions reads first, and waits only for
        // a workflow it may read.
        var snapshot = remaining > TimeSpan.Zero && http.User.AllowsAll(Permissions.WorkflowsRead)
            ? await calls.RunAsync(() => grain.WaitForCompletionAsync(Slice(deadline - time.GetUtcNow(), maxSlice)), cancellationToken)
            : await calls.RunAsync(() => grain.GetAsync(), cancellationToken);
        if (snapshot is not null && !http.User.Allows(Permissions.WorkflowsRead, snapshot.Definition))
        {
            // The definition is not named: a caller who may not read the workflow is not told what it runs.
            return Problems.Forbidden($"Your '{Permissions.WorkflowsRead}' permission does not cover this workflow's definition.", Permissions.WorkflowsRead);
        }

        snapshot = await WaitUntilFinalAsync(grain, snapshot, deadline, calls, options.Value, time, cancellationToken);
        return snapshot is null ? Problems.NotFound($"No workflow with id '{workflowId}'.") : TypedResults.Ok(WorkflowResponse.From(snapshot));
    }

    /// <summary>
    /// For a caller whose <paramref name="permission"/> is narrowed to some definitions, a 403 when the workflow's
    /// definition is not one of them (one extra grain read); <see langword="null"/> when allowed or not found.
    /// </summary>
    private static async Task<ProblemHttpResult?> ForbiddenForDefinitionAsync(
        HttpContext http, string permission, string workflowId, IGrainFactory grains, ClusterCalls calls, CancellationToken cancellationToken)
    {
        if (http.User.AllowsAll(permission))
        {
            return null;
        }

        var snapshot = await calls.RunAsync(() => grains.GetStringKeyed<IWorkflowGrain>(workflowId).GetAsync(), cancellationToken);
        return snapshot is not null && !http.User.Allows(permission, snapshot.Definition) ? Problems.NotForDefinition(permission, snapshot.Definition) : null;
    }

    /// <summary>
    /// Waits until the workflow is final or <paramref name="deadline"/> passes, from a snapshot already read; answers the
    /// latest snapshot (<see langword="null"/> when the workflow does not exist). Each grain wait stays well under the
    /// response timeout (<see cref="ApiOptions.WaitSlice"/> is half of it): longer waits loop, and a retried slice waits
    /// only for what is left of the client's wait.
    /// </summary>
    private static async Task<WorkflowSnapshot?> WaitUntilFinalAsync(
        IWorkflowGrain grain, WorkflowSnapshot? snapshot, DateTimeOffset deadline, ClusterCalls calls, ApiOptions options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        while (snapshot is not null && snapshot.Status.IsActive() && deadline > time.GetUtcNow())
        {
            snapshot = await calls.RunAsync(() => grain.WaitForCompletionAsync(Slice(deadline - time.GetUtcNow(), options.WaitSlice)), cancellationToken);
        }

        return snapshot;
    }

    private static TimeSpan Slice(TimeSpan remaining, TimeSpan maxSlice) =>
        remaining <= TimeSpan.Zero ? TimeSpan.Zero : remaining < maxSlice ? remaining : maxSlice;

    private static async Task<Results<Ok<WorkflowHistoryResponse>, ValidationProblem, ProblemHttpResult>> GetHistoryAsync(
        [Description("The workflow id.")] string workflowId,
        [Description("Only events after this sequence: the nextAfter of the previous page (default 0, the start).")] string? after,
        [Description("Page size.")] string? limit,
        HttpContext http, IGrainFactory grains, ClusterCalls calls, CancellationToken cancellationToken)
    {
        if (!ResourceNames.IsWorkflowId(workflowId))
        {
            return Problems.InvalidWorkflowId("workflowId", workflowId);
        }

        if (await ForbiddenForDefinitionAsync(http, Permissions.WorkflowsRead, workflowId, grains, calls, cancellationToken) is { } forbidden)
        {
            return forbidden;
        }

        var errors = new List<(string, string)>();
        long afterSequence = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSequence))
        {
            errors.Add(("after", $"Must be a whole number (an event sequence), not '{after}'."));
        }

        var pageSize = MaxLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < MinLimit or > MaxLimit))
        {
            errors.Add(("limit", $"Must be a whole number from {MinLimit} to {MaxLimit}, not '{limit}'."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var page = await calls.RunAsync(() => grains.GetStringKeyed<IWorkflowGrain>(workflowId).GetHistoryPageAsync(afterSequence, pageSize), cancellationToken);
        return page is null
            ? Problems.NotFound($"No workflow with id '{workflowId}'.")
            : TypedResults.Ok(new WorkflowHistoryResponse(workflowId, [.. page.Events.Select(HistoryEvent.From)], page.NextAfter));
    }
}
