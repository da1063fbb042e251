using System.Text.Json;
using Automation.Definitions;
using Automation.Events;
using Automation.Grains.Handlers;
using Automation.Grains.Templates;
using Automation.Postgres;
using Automation.Tasks;
using Automation.Workflows;

namespace Automation.Grains.Workflows;

internal sealed partial class WorkflowGrain
{
    /// <summary>
    /// Moves the workflow forward as far as it can without I/O: schedules every ready step, runs inline steps,
    /// and completes or fails the workflow. Returns what to do once the new state is written.
    /// </summary>
    private WorkflowActions Advance(DateTimeOffset now)
    {
        var actions = new WorkflowActions();
        bool progressed;
        do
        {
            progressed = false;
            foreach (var step in Definition.Steps)
            {
                var st = S.Steps[step.Id];
                if (S.Status != WorkflowStatus.Running || st.Status != StepStatus.Pending
                    || !step.DependsOn.All(d => S.Steps[d].Status == StepStatus.Completed))
                {
                    continue;
                }

                st.ScheduledAt = now;
                Append(seq => new StepScheduled(seq, now, step.Id));
                var handler = handlers.Get(step.Type);
                if (!TryRender(step, out var with, out var error))
                {
                    FailStep(step, st, 1, error, now, actions);
                    break;
                }

                if (handler.Mode == StepExecutionMode.Task)
                {
                    st.Status = StepStatus.Running;
                    actions.Dispatch.Add(new StepRequest(Id, step.Id, step.Type, with, step.Retry, step.Timeout, now));
                    continue;
                }

                // Inline handlers are pure and synchronous: the task is already complete.
                var result = handler.ExecuteAsync(new StepContext(Id, step.Id, 1, with, now), CancellationToken.None).GetAwaiter().GetResult();
                Append(seq => new StepStarted(seq, now, step.Id, 1));
                metrics.Attempt(step.Type, result.Succeeded ? "success" : "failure");
                if (!result.Succeeded)
                {
                    FailStep(step, st, 1, result.Error!, now, actions);
                    break;
                }

                st.Status = StepStatus.Completed;
                st.AttemptsFinished = 1;
                st.Output = result.Output;
                st.CompletedAt = now;
                Append(seq => new StepCompleted(seq, now, step.Id, 1));
                progressed = true;
            }
        }
        while (progressed && S.Status == WorkflowStatus.Running);

        if (S.Status == WorkflowStatus.Running && S.Steps.Values.All(s => s.Status == StepStatus.Completed))
        {
            CompleteWorkflow(now);
        }

        return actions;
    }

    private bool TryRender(StepDefinition step, out JsonElement with, out StepError error)
    {
        try
        {
            with = JsonTemplate.Render(step.With, Scope());
            error = null!;
            return true;
        }
        catch (TemplateException ex)
        {
            with = default;
            error = new StepError("template", ex.Message, Retryable: false);
            return false;
        }
    }

    private TemplateScope Scope() => new(
        S.Input,
        S.Steps.Where(s => s.Value.Status == StepStatus.Completed && s.Value.Output is not null)
            .ToDictionary(s => s.Key, s => s.Value.Output!.Value, StringComparer.Ordinal),
        Id,
        S.Definition,
        S.Version);

    private void CompleteWorkflow(DateTimeOffset now)
    {
        JsonElement output;
        if (Definition.Output is { } template)
        {
            try
            {
                output = JsonTemplate.Render(template, Scope());
            }
            catch (TemplateException ex)
            {
                FailWorkflow(new StepError("template", $"Workflow output: {ex.Message}", Retryable: false), now, new WorkflowActions());
                return;
            }
        }
        else
        {
            // Without an output mapping, the output is the outputs of the final steps (those nothing depends on).
            var leaves = Definition.Steps.Where(s => !Definition.Steps.Any(o => o.DependsOn.Contains(s.Id)));
            output = JsonSerializer.SerializeToElement(leaves.ToDictionary(s => s.Id, s => S.Steps[s.Id].Output));
        }

        S.Status = WorkflowStatus.Completed;
        S.Output = output;
        S.CompletedAt = now;
        Append(seq => new WorkflowCompleted(seq, now));
    }

    private void FailStep(StepDefinition step, StepState st, int attempt, StepError error, DateTimeOffset now, WorkflowActions actions)
    {
        st.Status = StepStatus.Failed;
        st.AttemptsFinished = Math.Max(st.AttemptsFinished, attempt);
        st.Error = error;
        st.NextAttemptAt = null;
        st.CompletedAt = now;
        Append(seq => new StepFailed(seq, now, step.Id, attempt, error));
        metrics.StepFinished(step.Type, "failed", now - (st.ScheduledAt ?? now));
        FailWorkflow(error with { Message = $"Step '{step.Id}' failed: {error.Message}" }, now, actions);
    }

    private void FailWorkflow(StepError error, DateTimeOffset now, WorkflowActions actions)
    {
        foreach (var step in Definition.Steps)
        {
            var st = S.Steps[step.Id];
            if (st.Status is StepStatus.Running or StepStatus.Retrying)
            {
                st.Status = StepStatus.Cancelled;
                st.CompletedAt = now;
                actions.Cancel.Add(step.Id);
                Append(seq => new StepCancelled(seq, now, step.Id));
            }
            else if (st.Status == StepStatus.Pending)
            {
                st.Status = StepStatus.Skipped;
                Append(seq => new StepSkipped(seq, now, step.Id));
            }
        }

        S.Status = WorkflowStatus.Failed;
        S.Error = error;
        S.CompletedAt = now;
        Append(seq => new WorkflowFailed(seq, now, error));
    }

    /// <summary>Writes the new state, then carries out <paramref name="actions"/>. The write comes first so a crash never loses a decision that was acted on.</summary>
    private async Task CommitAsync(WorkflowActions actions)
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

        // Everything after the write is best-effort: the reminder re-drives what does not happen now.
        // A step dispatched and stopped by the same transition is neither sent nor cancelled.
        var stopped = actions.Cancel.ToHashSet(StringComparer.Ordinal);
        var dispatch = actions.Dispatch.Where(r => !stopped.Contains(r.StepId)).ToList();
        var cancel = actions.Cancel.Where(id => !actions.Dispatch.Any(r => r.StepId == id)).ToList();
        await Task.WhenAll(dispatch.Select(DispatchAsync).Concat(cancel.Select(CancelTaskAsync)));
        await UpdateIndexAsync();
        if (S.Status.IsTerminal())
        {
            // After the index update, so a client woken here finds the workflow listed with its final status.
            metrics.WorkflowFinished(S.Definition, S.Status);
            foreach (var waiter in _waiters.ToArray())
            {
                waiter.TrySetResult();
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

    /// <summary>Sends every unfinished task its request again; task grains ignore a request they are already running.</summary>
    private async Task RedriveAsync()
    {
        if (S.Status != WorkflowStatus.Running)
        {
            return;
        }

        var requests = new List<StepRequest>();
        foreach (var step in Definition.Steps)
        {
            var st = S.Steps[step.Id];
            if (st.Status is StepStatus.Running or StepStatus.Retrying && TryRender(step, out var with, out _))
            {
                requests.Add(new StepRequest(Id, step.Id, step.Type, with, step.Retry, step.Timeout, st.ScheduledAt ?? S.CreatedAt));
            }
        }

        await Task.WhenAll(requests.Select(DispatchAsync));
        await UpdateIndexAsync();
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
