using Automation.Engine.Workflows;
using Automation.Workflows;

namespace Automation.Grains.Workflows;

internal sealed partial class WorkflowGrain
{
    /// <summary>How many children the grain starts, stops or reads at once.</summary>
    private const int ChildCallParallelism = 64;

    /// <summary>Bounded concurrent calls that stay on this activation's scheduler (grain calls keep their context).</summary>
    private static ParallelOptions Calls => new() { MaxDegreeOfParallelism = ChildCallParallelism, TaskScheduler = TaskScheduler.Current };

    /// <summary>
    /// Starts the decision's children. A start is idempotent: a child that already exists answers with its state, and
    /// one that has already finished (or cannot start: no such definition, an invalid input) comes back as a report.
    /// </summary>
    private async Task<List<ChildReport>> StartChildrenAsync(IReadOnlyList<ChildStart> starts)
    {
        var reports = new List<ChildReport>();
        await Parallel.ForEachAsync(starts, Calls, async (start, _) =>
        {
            ChildReport? report = null;
            try
            {
                var result = await GrainFactory.GetGrain<IWorkflowGrain>(start.ChildId).StartAsync(start.Command);
                report = result.Outcome switch
                {
                    StartWorkflowOutcome.DefinitionNotFound => Report(start, WorkflowStatus.Failed, new StepError(
                        "child.definition-not-found",
                        start.Command.Subflow is { } subflow
                            ? $"Subflow '{subflow}' of definition '{start.Command.Definition}' v{start.Command.Version} does not exist."
                            : $"No definition '{start.Command.Definition}'{(start.Command.Version is { } v ? $" v{v}" : "")} to start child workflow {start.ChildId}.",
                        Retryable: false)),
                    StartWorkflowOutcome.DefinitionDeprecated => Report(start, WorkflowStatus.Failed, new StepError(
                        "child.definition-deprecated",
                        $"Cannot start child workflow {start.ChildId}: {result.Message}",
                        Retryable: false)),
                    StartWorkflowOutcome.InputInvalid => Report(start, WorkflowStatus.Failed, new StepError(
                        "child.input-invalid",
                        $"The input of child workflow {start.ChildId} violates its definition's input schema: {string.Join("; ", (result.Errors ?? []).Select(e => $"{e.Path}: {e.Message}"))}",
                        Retryable: false)),
                    // An id taken by a workflow that is not this step's child (a `workflow` step with its own `id`):
                    // never adopt it, fail the step instead.
                    StartWorkflowOutcome.AlreadyExists when result.Snapshot is { } other && other.Parent != start.Command.Parent => Report(start, WorkflowStatus.Failed, new StepError(
                        "child.id-in-use",
                        $"Workflow id '{start.ChildId}' is already used by another workflow (definition '{other.Definition}'); a child needs an id of its own.",
                        Retryable: false)),
                    _ when result.Snapshot is { } child && child.Status.IsTerminal() =>
                        new ChildReport(start.Command.Parent!, start.ChildId, child.Status, child.Output, child.Error),
                    _ => null,
                };
            }
            catch (Exception ex)
            {
                LogChildCallFailed(ex, Id, start.ChildId); // the reminder asks again
            }

            if (report is not null)
            {
                lock (reports)
                {
                    reports.Add(report);
                }
            }
        });

        // Apply in the order the children were started, so the engine's decisions do not depend on timing.
        var order = starts.Select((s, i) => (s.ChildId, i)).ToDictionary(p => p.ChildId, p => p.i, StringComparer.Ordinal);
        reports.Sort((a, b) => order[a.ChildId].CompareTo(order[b.ChildId]));
        return reports;

        static ChildReport Report(ChildStart start, WorkflowStatus status, StepError error) =>
            new(start.Command.Parent!, start.ChildId, status, null, error);
    }

    /// <summary>Waits between attempts to cancel a child: long enough in total for the cluster to declare a lost silo dead.</summary>
    private static readonly TimeSpan[] CancelRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>
    /// Stops children whose step stopped; each child cancels its own steps and children. A child on a silo that was
    /// just lost cannot be reached until the cluster has declared that silo dead: the call is tried again a few times
    /// (about 7 s in all), then given up (logged).
    /// </summary>
    private Task CancelChildrenAsync(IReadOnlyList<string> children) =>
        Parallel.ForEachAsync(children, Calls, async (childId, _) =>
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await GrainFactory.GetGrain<IWorkflowGrain>(childId).CancelAsync($"Parent workflow {Id} stopped step waiting for it.");
                    return;
                }
                catch (Exception ex)
                {
                    LogChildCallFailed(ex, Id, childId);
                    if (attempt == CancelRetryDelays.Length || lifetime.ApplicationStopping.IsCancellationRequested)
                    {
                        return;
                    }
                }

                await Task.Delay(CancelRetryDelays[attempt], time);
            }
        });

    /// <summary>Reads the final results of a step's children, in order; null when one could not be read (the reminder tries again).</summary>
    private async Task<IReadOnlyList<ChildResult>?> ReadChildrenAsync(ChildCollection collection)
    {
        var results = new ChildResult[collection.Children.Count];
        var failed = false;
        await Parallel.ForEachAsync(Enumerable.Range(0, results.Length), Calls, async (i, _) =>
        {
            var childId = collection.Children[i];
            try
            {
                var child = await GrainFactory.GetGrain<IWorkflowGrain>(childId).GetAsync();
                results[i] = child is null
                    ? new ChildResult(childId, WorkflowStatus.Failed, null, new StepError("child.missing", $"Child workflow {childId} does not exist.", Retryable: false))
                    : new ChildResult(childId, child.Status, child.Output, child.Error);
            }
            catch (Exception ex)
            {
                LogChildCallFailed(ex, Id, childId);
                failed = true;
            }
        });

        return failed ? null : results;
    }

    /// <summary>Applies the child reports and collections left by the previous turn (see <see cref="CommitAsync"/>).</summary>
    private async Task FollowUpAsync()
    {
        _followUp?.Dispose();
        _followUp = null;
        var reports = _childReports.ToList();
        var collections = _collections.ToList();
        _childReports.Clear();
        _collections.Clear();
        if (!S.Exists || !S.Status.IsActive())
        {
            return;
        }

        if (reports.Count > 0)
        {
            await CommitAsync(Decide(() => Execution.ChildrenFinished(reports, time.GetUtcNow())));
        }

        foreach (var collection in collections)
        {
            if (await ReadChildrenAsync(collection) is { } results)
            {
                await CommitAsync(Decide(() => Execution.Collected(collection.StepId, results, time.GetUtcNow())));
            }
        }
    }

    /// <summary>Tells the parent this child finished; one-way, and the parent asks again on its own reminder if this is lost.</summary>
    private void ReportToParent()
    {
        if (S.Parent is not { } parent || !S.Status.IsTerminal())
        {
            return;
        }

        var report = new ChildReport(parent, Id, S.Status, S.Output, S.Error);
        _ = GrainFactory.GetGrain<IWorkflowGrain>(parent.WorkflowId).ChildFinishedAsync(report).ContinueWith(
            t => LogChildCallFailed(t.Exception!, Id, parent.WorkflowId), TaskContinuationOptions.OnlyOnFaulted);
    }
}
