using Automation.Engine.Workflows;
using Automation.Events;
using Automation.Persistence;
using Automation.Tasks;
using Automation.Workflows;

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
            try
            {
                if (S.Status == WorkflowStatus.Running)
                {
                    // Before the write: a running workflow must never exist without the reminder that resumes it.
                    await EnsureReminderAsync();
                }

                await state.WriteStateAsync();
            }
            catch
            {
                // Memory now differs from storage: drop this activation so the next call reloads what is durable.
                DeactivateOnIdle();
                throw;
            }

            RecordMetrics(decision.Events);
        }

        // Everything after the write is best-effort: the reminder re-drives what does not happen now.
        await ActAsync(decision);
        if (!decision.StateChanged)
        {
            return;
        }

        await UpdateIndexAsync();
        if (S.Status.IsTerminal())
        {
            metrics.WorkflowFinished(S.Definition, S.Status);
        }

        // After the index update, so a client woken here finds the workflow listed with its current status.
        foreach (var (done, signal) in _waiters.ToArray())
        {
            if (done() || S.Status.IsTerminal())
            {
                signal.TrySetResult();
            }
        }
    }

    private Task ActAsync(WorkflowDecision decision)
    {
        var (dispatch, cancel) = decision.EffectiveActions();
        return dispatch.Count + cancel.Count == 0
            ? Task.CompletedTask
            : Task.WhenAll(dispatch.Select(DispatchAsync).Concat(cancel.Select(CancelTaskAsync)));
    }

    /// <summary>Step durations for every step that finished; attempt counts for steps that ran inside this turn (task grains count their own).</summary>
    private void RecordMetrics(List<WorkflowEvent> events)
    {
        // A step scheduled and started in the same decision ran inline: it has no task grain to count its attempt.
        var scheduledHere = events.OfType<StepScheduled>().Select(e => e.StepId).ToHashSet(StringComparer.Ordinal);
        var inline = events.OfType<StepStarted>().Select(e => e.StepId).Where(scheduledHere.Contains).ToHashSet(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var (stepId, outcome, attempt) = e switch
            {
                StepCompleted c => (c.StepId, "completed", "success"),
                StepFailed f => (f.StepId, "failed", "failure"),
                _ => (null, null, null),
            };
            if (stepId is null)
            {
                continue;
            }

            var type = Definition.FindStep(stepId)!.Type;
            metrics.StepFinished(type, outcome!, e.Timestamp - (S.Steps[stepId].ScheduledAt ?? e.Timestamp));
            if (inline.Contains(stepId))
            {
                metrics.Attempt(type, attempt!);
            }
        }
    }

    private async Task DispatchAsync(StepRequest request)
    {
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
        try
        {
            await GrainFactory.GetGrain<ITaskGrain>(TaskKeys.TaskGrainKey(Id, stepId)).CancelAsync();
        }
        catch (Exception ex)
        {
            LogDispatchFailed(ex, Id, stepId);
        }
    }

    /// <summary>Keeps the visibility row current; once a final status is indexed the reminder is no longer needed.</summary>
    private async Task UpdateIndexAsync()
    {
        if (_indexedStatus != S.Status)
        {
            try
            {
                await index.UpsertAsync(new WorkflowIndexEntry(Id, S.Definition, S.Version, S.Status, S.CreatedAt, time.GetUtcNow(), S.CompletedAt, S.History.Count));
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
