using Automation.Operations;
using Automation.Persistence;
using Automation.Workflows;
using Orleans.Runtime;

namespace Automation.Grains.Operations;

internal sealed partial class BatchOperationGrain
{
    /// <summary>How often a page whose calls failed for a passing reason is walked again before those failures count.</summary>
    internal const int MaxPageRetries = 3;

    private enum Outcome
    {
        Succeeded,
        Skipped,
        Failed,

        /// <summary>The call failed for a reason that passes (a silo stopping or lost, storage down): walk the page again later.</summary>
        Unavailable,
    }

    /// <summary>Reads one page after the saved cursor, acts on it, then writes the counters with the new cursor.</summary>
    /// <returns>Whether another page follows.</returns>
    private async Task<bool> RunPageAsync()
    {
        if (!S.Exists || S.Status != BatchOperationStatus.Running)
        {
            return false;
        }

        var f = S.Filter;
        WorkflowPage page;
        try
        {
            page = await index.QueryAsync(new WorkflowQuery(f.Status, f.Definition, f.From, f.To, PageSize, S.Cursor, f.StartedBy, f.Tags.Count > 0 ? f.Tags : null, f.IdPrefix, f.ParentId));
        }
        catch (Exception ex) when (ex is InvalidCursorException or ArgumentException)
        {
            // Not a passing outage: the walk cannot continue from here.
            await FinishAsync(BatchOperationStatus.Failed, "The workflow listing refused the operation's query: " + ex.Message);
            return false;
        }
        catch (Exception ex)
        {
            LogPageFailed(ex, Id);
            return false; // the reminder resumes from the saved cursor
        }

        // Grain turns run one at a time: the counters below are updated by one continuation at a time.
        using var gate = new SemaphoreSlim(Concurrency);
        var results = await Task.WhenAll(page.Items.Select(async entry =>
        {
            await gate.WaitAsync();
            try
            {
                return (entry.WorkflowId, Result: await ApplyAsync(entry));
            }
            finally
            {
                gate.Release();
            }
        }));

        // A silo that is stopping, or calls that failed while silos or storage come and go, must not turn into
        // permanent failures: drop the page (nothing is written) and let the reminder walk it again. Workflows already
        // changed are then found in their target status and counted skipped.
        if (lifetime.ApplicationStopping.IsCancellationRequested
            || (results.Any(r => r.Result.Item1 == Outcome.Unavailable) && _pageRetries++ < MaxPageRetries))
        {
            LogPageRetried(Id, results.Count(r => r.Result.Item1 == Outcome.Unavailable));
            return false;
        }

        _pageRetries = 0;
        var next = page.NextCursor;
        var previous = (S.Cursor, S.Matched, S.Succeeded, S.Skipped, S.Failed, Errors: S.Errors.Count);
        S.Cursor = next;
        S.Matched += results.Length;
        foreach (var (workflowId, (outcome, problem)) in results)
        {
            switch (outcome)
            {
                case Outcome.Succeeded:
                    S.Succeeded++;
                    break;
                case Outcome.Skipped:
                    S.Skipped++;
                    break;
                default: // Failed, or Unavailable on the last try
                    S.Failed++;
                    if (S.Errors.Count < BatchOperationSnapshot.MaxErrors)
                    {
                        S.Errors.Add(new BatchOperationError(workflowId, problem ?? "Failed."));
                    }

                    break;
            }
        }

        S.UpdatedAt = time.GetUtcNow();
        if (next is null)
        {
            await FinishAsync(BatchOperationStatus.Completed, null);
            return false;
        }

        try
        {
            await state.WriteStateAsync();
            _durable = Snapshot();
            return true;
        }
        catch (Exception ex)
        {
            // Memory now differs from storage: go back to what is durable; the reminder walks this page again.
            (S.Cursor, S.Matched, S.Succeeded, S.Skipped, S.Failed) = (previous.Cursor, previous.Matched, previous.Succeeded, previous.Skipped, previous.Failed);
            S.Errors.RemoveRange(previous.Errors, S.Errors.Count - previous.Errors);
            LogPageFailed(ex, Id);
            DeactivateOnIdle();
            return false;
        }
    }

    private async Task FinishAsync(BatchOperationStatus status, string? problem)
    {
        S.Status = status;
        S.Problem = problem;
        S.CompletedAt = S.UpdatedAt = time.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            // The reminder re-runs the last page (its workflows are then found in their target status: skipped).
            LogPageFailed(ex, Id);
            DeactivateOnIdle();
            return;
        }

        _durable = Snapshot();
        LogFinished(Id, status, S.Matched, S.Succeeded, S.Skipped, S.Failed);
        await UnregisterReminderAsync();
    }

    /// <summary>
    /// Applies the action to one workflow. A row whose listed status the action does not apply to is skipped without
    /// a grain call (no activation of every finished workflow); the workflow grain decides all the others.
    /// </summary>
    private async Task<(Outcome, string?)> ApplyAsync(WorkflowIndexEntry entry)
    {
        if (!AppliesTo(S.Action, entry.Status))
        {
            return (Outcome.Skipped, null);
        }

        var workflow = GrainFactory.GetGrain<IWorkflowGrain>(entry.WorkflowId);
        try
        {
            if (S.Action == BatchAction.Cancel)
            {
                var cancelled = await workflow.CancelAsync(S.Reason);
                return cancelled.Outcome switch
                {
                    CancelWorkflowOutcome.Cancelled => (Outcome.Succeeded, null),
                    CancelWorkflowOutcome.AlreadyFinished => (Outcome.Skipped, null),
                    _ => (Outcome.Failed, $"No workflow with id '{entry.WorkflowId}'."),
                };
            }

            var result = S.Action switch
            {
                BatchAction.Terminate => await workflow.TerminateAsync(S.Reason),
                BatchAction.Retry => await workflow.RetryAsync(new RetryWorkflowCommand(null, S.Reason) { By = S.CreatedBy }),
                BatchAction.Pause => await workflow.PauseAsync(S.Reason),
                _ => await workflow.UnpauseAsync(),
            };
            return result.Outcome switch
            {
                ControlWorkflowOutcome.Applied => (Outcome.Succeeded, null),
                ControlWorkflowOutcome.Conflict => (Outcome.Skipped, null),
                ControlWorkflowOutcome.NotFound => (Outcome.Failed, $"No workflow with id '{entry.WorkflowId}'."),
                _ => (Outcome.Failed, "The input violates the definition's input schema: " + string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}"))),
            };
        }
        catch (Exception ex) when (ex is StorageUnavailableException or OrleansMessageRejectionException or SiloUnavailableException or TimeoutException)
        {
            return (Outcome.Unavailable, $"{ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception ex)
        {
            return (Outcome.Failed, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Whether the action applies to a workflow in this status.</summary>
    internal static bool AppliesTo(BatchAction action, WorkflowStatus status) => action switch
    {
        BatchAction.Cancel or BatchAction.Terminate => status.IsActive(),
        BatchAction.Retry => status.IsRetryable(),
        BatchAction.Pause => status == WorkflowStatus.Running,
        _ => status == WorkflowStatus.Paused,
    };
}
