using System.ComponentModel;
using System.Globalization;
using Automation.Api.Contracts;
using Automation.Api.Contracts.Events;
using Automation.Api.Hosting;
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
        IGrainFactory grains, ClusterCalls calls, IOptions<ApiOptions> options, TimeProvider time, CancellationToken cancellationToken)
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

        var grain = grains.GetGrain<IWorkflowGrain>(workflowId);
        var deadline = time.GetUtcNow() + remaining;
        var snapshot = await calls.RunAsync(() => grain.GetAsync(), cancellationToken);
        // Each grain wait stays well under the response timeout (ApiOptions.WaitSlice is half of it); longer waits loop.
        // A retried slice waits only for what is left of the client's wait.
        var maxSlice = options.Value.WaitSlice;
        while (snapshot is { Status: WorkflowStatus.Running } && deadline > time.GetUtcNow())
        {
            snapshot = await calls.RunAsync(() => grain.WaitForCompletionAsync(Slice(deadline - time.GetUtcNow(), maxSlice)), cancellationToken);
        }

        return snapshot is null ? Problems.NotFound($"No workflow with id '{workflowId}'.") : TypedResults.Ok(WorkflowResponse.From(snapshot));
    }

    private static TimeSpan Slice(TimeSpan remaining, TimeSpan maxSlice) =>
        remaining <= TimeSpan.Zero ? TimeSpan.Zero : remaining < maxSlice ? remaining : maxSlice;

    private static async Task<Results<Ok<WorkflowHistoryResponse>, ValidationProblem, ProblemHttpResult>> GetHistoryAsync(
        [Description("The workflow id.")] string workflowId,
        [Description("Only events after this sequence: the nextAfter of the previous page (default 0, the start).")] string? after,
        [Description("Page size.")] string? limit,
        IGrainFactory grains, ClusterCalls calls, CancellationToken cancellationToken)
    {
        if (!ResourceNames.IsWorkflowId(workflowId))
        {
            return Problems.InvalidWorkflowId("workflowId", workflowId);
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

        var page = await calls.RunAsync(() => grains.GetGrain<IWorkflowGrain>(workflowId).GetHistoryPageAsync(afterSequence, pageSize), cancellationToken);
        return page is null
            ? Problems.NotFound($"No workflow with id '{workflowId}'.")
            : TypedResults.Ok(new WorkflowHistoryResponse(workflowId, [.. page.Events.Select(HistoryEvent.From)], page.NextAfter));
    }
}
