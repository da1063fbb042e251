using Automation.Engine.Steps;
using Automation.Engine.Workflows;
using Automation.Events;
using Automation.Grains.Tasks;
using Automation.Persistence;
using Automation.Tasks;
using Automation.Workflows;
using Orleans.Storage;

namespace Automation.Grains.Workflows;

internal sealed partial class WorkflowGrain
{
    /// <summary>
    /// Writes the new state when the decision changed it, then carries out its side effects. The write comes first so
    /// a crash never loses a decision that was acted on.
    /// </summary>
    private async Task CommitAsync(WorkflowDecision decision)
    {
        if (decision.StateChanged)
        {
            // Set before the first await, so that no interleaved reader sees the new state before it is durable.
            var write = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight = write;
            try
            {
                // A status the visibility row does not show yet: with a state writer the row is written in the state's
                // own transaction (ADR 0030), so it is never behind the state and costs no commit of its own.
                var row = StateWriter is not null && _indexedStatus != S.Status ? IndexEntry() : null;
                if (S.Status.IsActive())
                {
                    // Before the write: a running workflow must never exist without what resumes it after a crash.
                    await EnsureResumableAsync(anchorWithState: row is not null);
                }

                await OffloadHistoryAsync();
                await WriteStateAsync(row); // WorkflowGrain.Steps.cs: archives finished steps and leaves them out
                _writtenHistoryLength = S.HistoryLength;
                write.SetResult(true);
                if (_inFlight == write)
                {
                    _inFlight = null;
                }

                StartSettled(); // a start that skipped the read: what it wrote is what is stored
                if (_anchorRefused)
                {
                    _anchorRefused = false;
                    _indexedStatus = null; // its insert-only row was refused: write the real one now
                }
            }
            catch (InconsistentStateException) when (ReadSkipped)
            {
                // A fresh start's insert found an existing row: StartAsync reads it and answers; nothing to recover.
                write.TrySetResult(false);
                _inFlight = null;
                throw;
            }
            catch (Exception ex)
            {
                write.TrySetResult(false); // readers now fail instead of showing what was never written
                // Memory now differs from storage: drop this activation so the next call reloads what is durable.
                DropAndResume();

                // The caller sees StorageUnavailableException: StorageFailureCallFilter translates at the grain boundary.
                LogWriteFailed(ex, Id);
                throw;
            }

            RecordMetrics(decision.Events);
            PublishLive(decision.Events); // an in-memory enqueue: live pages, best effort
        }

        // Everything after the write is best-effort: the reminder re-drives what does not happen now.
        ArmDueTimer();
        var reports = await ActAsync(decision);
        if (decision.StateChanged)
        {
            await UpdateIndexAsync();
            if (S.Status.IsTerminal())
            {
                metrics.WorkflowFinished(S.Definition, S.Status, (S.CompletedAt ?? time.GetUtcNow()) - (S.RunStartedAt ?? S.CreatedAt));
                ReportToParent();
                RetireWhenFinished();
            }

            WakeWaiters();
        }

        // Children that answered with their result at once, and steps whose children are all done, are decided in
        // a turn of their own: the call that got here (a start, a report) answers now rather than after every child.
        if (reports.Count > 0 || decision.Collect.Count > 0)
        {
            _childReports.AddRange(reports);
            _collections.AddRange(decision.Collect);
            _followUp ??= this.RegisterGrainTimer(_ => FollowUpAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }
    }

    /// <summary>
    /// Drops this activation after a failure that leaves memory and storage apart (or unknown): the next call reloads
    /// what is durable, the silo resumes the workflow as soon as storage answers again (not one or two reminder periods
    /// later), and long-polls end now instead of holding the deactivation.
    /// </summary>
    private void DropAndResume()
    {
        DeactivateOnIdle();
        if (S.Exists)
        {
            recovery.RetryLater(Id);
        }

        foreach (var (_, signal) in _waiters.ToArray())
        {
            signal.TrySetResult();
        }
    }

    private void WakeWaiters()
    {
        // After the index update, so a client woken here finds the workflow listed with its current status.
        foreach (var (done, signal) in _waiters.ToArray())
        {
            if (done() || S.Status.IsTerminal())
            {
                signal.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Keeps the history in state bounded: past <see cref="HistoryTailMax"/> events, all but the newest
    /// <see cref="HistoryTailKept"/> move to the history store before the write that drops them from state. A crash
    /// in between stores them again on the next offload (the store skips sequences it has), so nothing is lost.
    /// </summary>
    private async Task OffloadHistoryAsync()
    {
        // Only events already written with the state may leave it: the current decision's events are not durable yet.
        var count = (int)Math.Min(S.History.Count - HistoryTailKept, _writtenHistoryLength - S.HistoryOffloaded);
        if (S.History.Count <= HistoryTailMax || count <= 0)
        {
            return;
        }

        try
        {
            await history.AppendAsync(Id, S.History.GetRange(0, count));
        }
        catch (Exception ex)
        {
            LogHistoryOffloadFailed(ex, Id); // keep them in state for now; the next write tries again
            return;
        }

        S.History.RemoveRange(0, count);
        S.HistoryOffloaded += count;
    }

    /// <summary>Sends tasks and cancels, stops children, and starts children; returns the reports of children that answered with a final status.</summary>
    private async Task<List<ChildReport>> ActAsync(WorkflowDecision decision)
    {
        var (dispatch, cancel) = decision.EffectiveActions();
        if (dispatch.Count + cancel.Count > 0)
        {
            await Task.WhenAll(dispatch.Select(DispatchAsync).Concat(cancel.Select(CancelTaskAsync)));
        }

        if (decision.CancelChildren.Count > 0)
        {
            await CancelChildrenAsync(decision.CancelChildren);
        }

        return decision.StartChildren.Count > 0 ? await StartChildrenAsync(decision.StartChildren) : [];
    }

    /// <summary>Attempt outcomes and step durations, from the events the decision recorded.</summary>
    private void RecordMetrics(List<WorkflowEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case StepRetrying retrying:
                    metrics.Attempt(TypeOf(retrying.StepId), "retry");
                    break;
                case StepCompleted completed:
                    StepFinished(completed.StepId, "completed", "success", e.Timestamp);
                    break;
                case StepFailed failed:
                    StepFinished(failed.StepId, "failed", "failure", e.Timestamp);
                    break;
            }
        }

        void StepFinished(string stepId, string outcome, string attempt, DateTimeOffset at)
        {
            var type = TypeOf(stepId);
            metrics.Attempt(type, attempt);
            metrics.StepFinished(type, outcome, at - (S.Steps[stepId].ScheduledAt ?? at));
        }

        string TypeOf(string stepId) => Definition.FindStep(stepId)!.Type;
    }

    /// <summary>
    /// Keeps one grain timer on the earliest due retry or waiting step. The timer gives precision; the reminder is the
    /// safety net when the activation is gone (a crash, or idle collection during a long wait).
    /// </summary>
    private void ArmDueTimer()
    {
        var due = Execution.NextDueAt();
        if (due == _dueTimerAt)
        {
            return;
        }

        _dueTimer?.Dispose();
        _dueTimer = null;
        _dueTimerAt = due;
        if (due is { } at)
        {
            var wait = at - time.GetUtcNow();
            // Timers are limited to about 49 days: a longer wait re-arms when the first slice ends.
            var lastSlice = wait <= MaxTimerSlice;
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxTimerSlice ? MaxTimerSlice : wait;
            // Whole milliseconds, rounded up: timers truncate to the millisecond, and a timer that fired before its due
            // time found nothing due, re-armed, and could race the due time with its own lag reading.
            wait = TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));
            _dueTimer = this.RegisterGrainTimer(_ =>
            {
                _dueTimerAt = null;
                if (lastSlice)
                {
                    // Not for a slice of a longer wait, which ends before its due time; a fire a hair early reads 0.
                    var late = time.GetUtcNow() - at;
                    metrics.TimerFired(late < TimeSpan.Zero ? TimeSpan.Zero : late);
                }

                // A silo that is stopping starts no new attempt: it would be cut off mid-way. The workflow resumes on
                // another silo (or after the restart) from the durable due time.
                return lifetime.ApplicationStopping.IsCancellationRequested ? Task.CompletedTask : ResumeAsync();
            }, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan));
        }
    }

    /// <summary>
    /// Agent steps go to their task grain, which hands them to the capability's queue; every other task runs in this
    /// silo's <see cref="AttemptHost"/> (ADR 0029), and the activation is kept for the attempt's timeout plus a margin so
    /// that its report finds it here (a workflow collected meanwhile and activated on another silo would run the attempt
    /// again there). The keep-alive lapses by itself; it is not reset early (see the ADR).
    /// </summary>
    private async Task DispatchAsync(StepRequest request)
    {
        request = request with { TraceParent = request.TraceParent ?? S.TraceParent };
        if (RunsInHost(request.Type))
        {
            try
            {
                attempts.Schedule(request);
            }
            catch (Exception ex)
            {
                LogDispatchFailed(ex, Id, request.StepId); // the write is done: the reminder re-sends the attempt
                return;
            }

            var now = time.GetUtcNow();
            var until = now + request.Timeout + AttemptKeepAliveMargin;
            if (_keepAliveUntil is not { } kept || until > kept)
            {
                _keepAliveUntil = until;
                DelayDeactivation(until - now);
            }

            return;
        }

        try
        {
            await GrainFactory.GetGrain<ITaskGrain>(TaskKeys.TaskGrainKey(Id, request.StepId)).ScheduleAsync(request);
        }
        catch (Exception ex)
        {
            LogDispatchFailed(ex, Id, request.StepId);
        }
    }

    private async Task CancelTaskAsync(string stepId)
    {
        if (RunsInHost(Definition.FindStep(stepId)?.Type))
        {
            attempts.Cancel(Id, stepId);
            return;
        }

        try
        {
            await GrainFactory.GetGrain<ITaskGrain>(TaskKeys.TaskGrainKey(Id, stepId)).CancelAsync();
        }
        catch (Exception ex)
        {
            LogDispatchFailed(ex, Id, stepId);
        }
    }

    /// <summary>Whether a task step of this type runs in the silo's <see cref="AttemptHost"/>: all but agent steps.</summary>
    private static bool RunsInHost(string? type) => type != AgentStepKind.TypeName;

    /// <summary>Keeps the visibility row current; once a final status is indexed the reminder is no longer needed.</summary>
    private async Task UpdateIndexAsync()
    {
        if (_indexedStatus != S.Status)
        {
            try
            {
                await index.UpsertAsync(IndexEntry());
                _indexedStatus = S.Status;
            }
            catch (Exception ex)
            {
                // A running workflow's reminder retries on its next tick. A workflow that finished in its first write
                // has no reminder yet: take one, so the row is still written once PostgreSQL answers again.
                LogIndexFailed(ex, Id);
                if (S.Status.IsTerminal())
                {
                    try
                    {
                        await EnsureReminderAsync();
                    }
                    catch (Exception reminderEx)
                    {
                        // PostgreSQL is down for both: the row is written when the workflow is next touched.
                        LogReminderFailed(reminderEx, Id);
                    }
                }

                return;
            }
        }

        if (S.Status.IsTerminal())
        {
            await UnregisterReminderAsync();
        }
    }

    /// <summary>
    /// Makes sure an active workflow can be found again if this activation dies: its reminder, or — during its first
    /// <see cref="Hosting.EngineOptions.ReminderAfter"/> — its visibility row as Running (or Paused), which the recovery sweeps
    /// resume from. Short workflows thus never write a reminder; a longer one takes it when the delay ends.
    /// </summary>
    /// <param name="anchorWithState">The visibility row is written with the state (ADR 0030): no separate row first.</param>
    private async Task EnsureResumableAsync(bool anchorWithState)
    {
        var after = options.Value.ReminderAfter;
        if (_reminder is not null || after <= TimeSpan.Zero)
        {
            await EnsureReminderAsync();
            return;
        }

        if (!anchorWithState && (_indexedStatus is not { } indexed || !indexed.IsActive()))
        {
            // A start that has not read its state must not replace the row of a workflow that exists after all. If a
            // row was there (that workflow's, or one left by an earlier failed start of this id), the real row is
            // written once the state is: UpdateIndexAsync after the write sees no row indexed.
            // The revision of what is durable, not of this decision (not written yet): if the state write then fails,
            // the row written from the stored state later is not refused as older than this one.
            var written = await index.UpsertAsync(IndexEntry() with { Revision = ReadSkipped ? WorkflowIndexEntry.InsertOnlyRevision : _writtenHistoryLength });
            _anchorRefused = !written;
            _indexedStatus = S.Status;
        }

        _reminderTimer ??= this.RegisterGrainTimer(TakeReminderAsync, new GrainTimerCreationOptions(after, Timeout.InfiniteTimeSpan));
    }

    /// <summary>The workflow still runs after <see cref="Hosting.EngineOptions.ReminderAfter"/>: from now on the reminder is its safety net.</summary>
    private async Task TakeReminderAsync(CancellationToken cancellationToken)
    {
        _reminderTimer?.Dispose();
        _reminderTimer = null;
        if (!S.Exists || !S.Status.IsActive())
        {
            return;
        }

        try
        {
            await EnsureReminderAsync();
        }
        catch (Exception ex)
        {
            // PostgreSQL is unreachable: try again a period later; the visibility row still leads the sweeps here.
            LogReminderFailed(ex, Id);
            _reminderTimer = this.RegisterGrainTimer(TakeReminderAsync, new GrainTimerCreationOptions(options.Value.ReminderAfter, Timeout.InfiniteTimeSpan));
        }
    }

    private WorkflowIndexEntry IndexEntry() =>
        new(Id, S.Definition, S.Version, S.Status, S.CreatedAt, time.GetUtcNow(), S.CompletedAt, S.HistoryLength, S.StartedBy, [.. S.Tags], S.Parent?.WorkflowId);

    private async Task EnsureReminderAsync()
    {
        if (_reminder is not null)
        {
            return;
        }

        if (!_reminderKnownAbsent)
        {
            _reminder = await this.GetReminder(ReminderName);
        }

        if (_reminder is null)
        {
            var period = options.Value.ReminderPeriod;
            _reminder = await this.RegisterOrUpdateReminder(ReminderName, period, period);
        }

        _reminderKnownAbsent = false;
    }

    private async Task UnregisterReminderAsync()
    {
        if (_reminderKnownAbsent)
        {
            return;
        }

        try
        {
            var reminder = _reminder ?? await this.GetReminder(ReminderName);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminder = null;
            _reminderKnownAbsent = true;
        }
        catch (Exception ex)
        {
            LogReminderFailed(ex, Id);
        }
    }
}
