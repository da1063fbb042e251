using Automation.Engine.Schedules;
using Automation.Schedules;
using Automation.Workflows;

namespace Automation.Grains.Schedules;

internal sealed partial class ScheduleGrain
{
    /// <summary>Starts what is due (a buffered fire whose previous run ended, then the planned fires), writes once, re-arms.</summary>
    private async Task TickAsync()
    {
        if (!S.Exists || S.Spec!.Paused)
        {
            return;
        }

        var previous = Copy(S);
        var now = time.GetUtcNow();
        try
        {
            var changed = false;
            if (S.Buffered is { } buffered && !await PreviousActiveAsync())
            {
                await StartAsync(SchedulePlanner.WorkflowIdFor(Id, buffered), buffered, manual: false);
                S.Buffered = null;
                changed = true;
            }

            if (_recovering)
            {
                changed |= await RecoverStartedFiresAsync(now);
            }

            var plan = SchedulePlanner.Plan(Calendar(), S.Spec, Id, S.Cursor, now, options.Value.ScheduleGrace);
            foreach (var fire in plan.Fires)
            {
                await FireAsync(fire);
            }

            if (plan.Skipped > 0)
            {
                LogMissed(Id, plan.Skipped, S.Spec.CatchUp);
                S.Skipped += plan.Skipped;
            }

            changed |= plan.Fires.Count > 0 || plan.Skipped > 0;
            if (plan.Cursor != S.Cursor)
            {
                S.Cursor = plan.Cursor;
                changed = true;
            }

            if (changed)
            {
                await CommitAsync(previous, reminder: true);
            }

            _recovering = false;
            Arm(Earliest(plan.NextWakeAt, S.Buffered is null ? null : now + BufferPoll));
        }
        catch (Exception ex)
        {
            // Nothing is lost: the fires are derived from the stored cursor and started idempotently on the next try.
            state.State = previous;
            _recovering = true; // some of the fires may have started: look before deciding again
            LogTickFailed(ex, Id);
            if (!_dropped)
            {
                Arm(now + TimeSpan.FromSeconds(5));
            }
        }
    }

    /// <summary>
    /// After a crash or a failed write: records the fires right after the cursor that an earlier activation started
    /// but did not record, in order, and moves the cursor past them. Without this, catch-up could drop such a fire
    /// (it is late by now) while its workflow runs, and the overlap policy would not see it. Fires start in order, so
    /// the first fire without a workflow ends the search (at most 100 are looked at).
    /// </summary>
    private async Task<bool> RecoverStartedFiresAsync(DateTimeOffset now)
    {
        var calendar = Calendar();
        var changed = false;
        var looked = 0;
        for (var at = calendar.NextAfter(S.Cursor); at is { } fire && fire <= now && looked++ < 100; at = calendar.NextAfter(fire))
        {
            var workflowId = SchedulePlanner.WorkflowIdFor(Id, fire);
            if (!S.Runs.Any(r => r.WorkflowId == workflowId))
            {
                if (await GrainFactory.GetGrain<IWorkflowGrain>(workflowId).GetAsync() is not { } existing || existing.StartedBy != Marker)
                {
                    break;
                }

                Record(new ScheduleRun(workflowId, fire, existing.CreatedAt, Manual: false));
                S.LastFireAt = fire;
            }

            S.Cursor = fire;
            changed = true;
        }

        return changed;
    }

    /// <summary>One fire: applies the overlap policy against the latest run, then starts, skips or buffers.</summary>
    private async Task FireAsync(DateTimeOffset fire)
    {
        var workflowId = SchedulePlanner.WorkflowIdFor(Id, fire);
        if (_recovering && await GrainFactory.GetGrain<IWorkflowGrain>(workflowId).GetAsync() is { } existing && existing.StartedBy == Marker)
        {
            // Started by an activation that died before recording it.
            Record(new ScheduleRun(workflowId, fire, existing.CreatedAt, Manual: false));
            S.LastFireAt = fire;
            return;
        }

        var action = S.Spec!.Overlap == ScheduleOverlap.Allow
            ? OverlapAction.Start
            : SchedulePlanner.Decide(S.Spec.Overlap, await PreviousActiveAsync(), S.Buffered is not null);
        S.LastFireAt = fire;
        switch (action)
        {
            case OverlapAction.Skip:
                LogSkipped(Id, fire, S.Spec.Overlap);
                S.Skipped++;
                return;
            case OverlapAction.Buffer:
                S.Buffered = fire;
                return;
            case OverlapAction.CancelPreviousThenStart:
                await GrainFactory.GetGrain<IWorkflowGrain>(S.Runs[0].WorkflowId).CancelAsync($"Cancelled by schedule '{Id}' for its fire at {fire:O} (overlap cancelPrevious).");
                break;
        }

        await StartAsync(workflowId, fire, manual: false);
    }

    private async Task<bool> PreviousActiveAsync()
    {
        if (S.Runs.Count == 0)
        {
            return false;
        }

        var latest = await GrainFactory.GetGrain<IWorkflowGrain>(S.Runs[0].WorkflowId).GetAsync();
        return latest is not null && latest.Status.IsActive();
    }

    /// <summary>Starts one workflow (idempotent by id) and records the run.</summary>
    private async Task<(StartWorkflowOutcome, ScheduleRun?)> StartAsync(string workflowId, DateTimeOffset scheduledAt, bool manual)
    {
        var spec = S.Spec!;
        var command = new StartWorkflowCommand(spec.Definition, spec.Version, spec.Input)
        {
            RequestId = "schedule:" + workflowId,
            StartedBy = Marker,
            Tags = [Marker, .. spec.Tags.Where(t => t != Marker)],
        };
        var result = await GrainFactory.GetGrain<IWorkflowGrain>(workflowId).StartAsync(command);
        switch (result.Outcome)
        {
            case StartWorkflowOutcome.Started:
            case StartWorkflowOutcome.AlreadyExists when result.Snapshot!.StartedBy == Marker:
                var run = new ScheduleRun(workflowId, scheduledAt, result.Snapshot!.CreatedAt, manual);
                Record(run);
                S.LastError = null;
                LogFired(Id, workflowId, result.Outcome);
                return (result.Outcome, run);
            case StartWorkflowOutcome.AlreadyExists:
                S.LastError = $"Workflow id '{workflowId}' is already used by a workflow this schedule did not start.";
                break;
            case StartWorkflowOutcome.DefinitionNotFound:
                S.LastError = spec.Version is null
                    ? $"No definition named '{spec.Definition}'."
                    : $"Definition '{spec.Definition}' has no version {spec.Version}.";
                break;
            case StartWorkflowOutcome.DefinitionDeprecated:
                // A deprecated version starts nothing, from a schedule either: the schedule records why and keeps its cadence.
                S.LastError = result.Message ?? $"Definition '{spec.Definition}' is deprecated.";
                break;
            default:
                S.LastError = "The input does not match the definition's input schema: " + string.Join("; ", (result.Errors ?? []).Select(e => $"{e.Path}: {e.Message}"));
                break;
        }

        LogFireFailed(Id, workflowId, S.LastError);
        return (result.Outcome, null);
    }

    private void Record(ScheduleRun run)
    {
        S.Runs.Insert(0, run);
        if (S.Runs.Count > MaxRuns)
        {
            S.Runs.RemoveRange(MaxRuns, S.Runs.Count - MaxRuns);
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private void RearmOrStop()
    {
        if (S.Exists && !S.Spec!.Paused)
        {
            Arm(time.GetUtcNow());
        }
        else
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>Replaces the one-shot timer so that it fires at <paramref name="at"/> (at most an hour ahead, then re-plans).</summary>
    private void Arm(DateTimeOffset? at)
    {
        _timer?.Dispose();
        _timer = null;
        if (at is null || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        var due = at.Value - time.GetUtcNow();
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxTimerDue ? MaxTimerDue : due;
        _timer = this.RegisterGrainTimer(_ => TickAsync(), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }
}
