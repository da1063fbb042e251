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
    // Each grain wait stays well under Orleans' 30 s response timeout; longer waits loop.
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(20);

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
        while (snapshot is { Status: WorkflowStatus.Running } && (remaining = deadline - time.GetUtcNow()) > TimeSpan.Zero)
        {
            var slice = remaining < WaitSlice ? remaining : WaitSlice;
            snapshot = await calls.RunAsync(() => grain.WaitForCompletionAsync(slice), cancellationToken);
        }

        return snapshot is null ? Problems.NotFound($"No workflow with id '{workflowId}'.") : TypedResults.Ok(WorkflowResponse.From(snapshot));
    }

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
