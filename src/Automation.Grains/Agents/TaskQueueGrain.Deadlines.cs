using Automation.Agents;
using Automation.Engine.Agents;

namespace Automation.Grains.Agents;

internal sealed partial class TaskQueueGrain
{
    private static readonly TimeSpan MaxTimerSlice = TimeSpan.FromDays(1);
    private IGrainTimer? _handOffTimer;

    /// <summary>Ends the attempts whose deadline passed, drops old finished rows, hands off, and keeps the reminder only while something is held.</summary>
    private async Task TickAsync()
    {
        var released = false;
        try
        {
            var now = time.GetUtcNow();
            foreach (var id in _tasks.Keys.ToList())
            {
                // Read again: a heartbeat may have arrived while an earlier task of this pass was being written.
                if (!_tasks.TryGetValue(id, out var task) || AgentTaskDeadlines.Expired(task, now) is not { } error)
                {
                    continue;
                }

                released |= task.IsLeased;
                if (task.CancelRequested)
                {
                    // The workflow no longer wants it: nothing to report.
                    await ForgetAsync([task.TaskId]);
                    await GrainFactory.GetGrain<IAgentGrain>(task.AgentId!).ReleasedAsync(task.TaskId, failed: false);
                    continue;
                }

                LogExpired(Key, task.TaskId, error.Type);
                await FinishAsync(task, new AgentTaskResult(false, null, error, null, now, task.LeasedAt ?? task.EnqueuedAt), error.Type["agent.".Length..], reportLeased: false);
            }

            var stale = _tasks.Values.Where(t => t.Result is { } r && r.FinishedAt + options.Value.AgentFinishedRetention <= now).Select(t => t.TaskId).ToList();
            if (stale.Count > 0)
            {
                await ForgetAsync(stale);
            }

            if (_tasks.Count == 0)
            {
                await UnregisterReminderAsync();
            }
        }
        catch (Exception ex)
        {
            LogTickFailed(ex, Key); // the timer or the reminder tries again
        }

        if (released)
        {
            await ReportLeasedAsync(); // once for the whole pass, however it ended (a lease forgotten, expired, or a failed write)
        }

        ArmTimer();
        UpdateMetrics();
        ScheduleHandOff();
    }

    /// <summary>Keeps one timer on the earliest deadline of an unfinished task.</summary>
    private void ArmTimer()
    {
        DateTimeOffset? due = null;
        foreach (var task in _tasks.Values)
        {
            if (AgentTaskDeadlines.NextDue(task) is { } at && (due is null || at < due))
            {
                due = at;
            }
        }

        if (due == _timerAt)
        {
            return;
        }

        _timer?.Dispose();
        _timer = null;
        _timerAt = due;
        if (due is { } when)
        {
            var wait = when - time.GetUtcNow();
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxTimerSlice ? MaxTimerSlice : wait;
            _timer = this.RegisterGrainTimer(_ =>
            {
                _timerAt = null;
                return TickAsync();
            }, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
    }

    /// <summary>Offers queued tasks to waiting agents in a turn of its own, so the call that queued the task answers at once.</summary>
    private void ScheduleHandOff()
    {
        if (_handingOff || _handOffTimer is not null || _order.Count == 0 || _waiters.Count == 0)
        {
            return;
        }

        _handOffTimer = this.RegisterGrainTimer(async _ =>
        {
            _handOffTimer?.Dispose();
            _handOffTimer = null;
            await HandOffAsync();
        }, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    private void RetryHandOffIn(TimeSpan wait)
    {
        _handOffTimer?.Dispose();
        _handOffTimer = this.RegisterGrainTimer(async _ =>
        {
            _handOffTimer?.Dispose();
            _handOffTimer = null;
            await HandOffAsync();
        }, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan));
    }

    private async Task HandOffAsync()
    {
        _handingOff = true;
        try
        {
            while (_order.Count > 0 && _waiters.First is { } node)
            {
                _waiters.RemoveFirst();
                var now = time.GetUtcNow();
                if (node.Value.Until <= now)
                {
                    continue;
                }

                var permits = await PermitsAsync(1);
                if (permits is not > 0)
                {
                    _waiters.AddFirst(node.Value); // limited: it waits on
                    if (permits is null)
                    {
                        RetryHandOffIn(TimeSpan.FromSeconds(1)); // the capability did not answer: ask again soon
                    }
                    else if (_limits.MaxDispatchPerSecond is { } rate)
                    {
                        // A rate limit refills by itself: try again when the next permit is due.
                        RetryHandOffIn(TimeSpan.FromSeconds(Math.Clamp(1 / rate, 0.05, 1)));
                    }

                    break;
                }

                var taskId = _order.Take()!;
                var task = _tasks[taskId];
                var offered = task with { AgentId = node.Value.AgentId, LeasedAt = now, HeartbeatAt = now };
                _granting++;
                try
                {
                    // The lease is durable before anyone runs it: a crash after the offer must not queue it again.
                    await WriteAsync(offered);
                }
                catch (Exception ex)
                {
                    LogLeaseWriteFailed(ex, Key, taskId);
                    _order.Add(task.TaskId, task.WorkflowId, task.Options.Priority, task.EnqueuedAt);
                    _waiters.AddFirst(node.Value);
                    await ReturnPermitsAsync(1);
                    RetryHandOffIn(TimeSpan.FromSeconds(1));
                    break;
                }
                finally
                {
                    _granting--; // written (counted by LeasedCount from now on) or returned
                }

                bool accepted;
                try
                {
                    accepted = await GrainFactory.GetGrain<IAgentGrain>(node.Value.AgentId).OfferAsync(offered);
                }
                catch (Exception ex)
                {
                    // Unknown whether it was taken: the row goes back to queued, so an agent that did take it gets 409 on its next call.
                    LogOfferFailed(ex, Key, node.Value.AgentId);
                    accepted = false;
                }

                if (!accepted)
                {
                    await UnleaseAsync(offered);
                    await ReturnPermitsAsync(1);
                    continue;
                }

                metrics.HandedOff(_capability, now - task.EnqueuedAt);
                ArmTimer();
                UpdateMetrics();
            }
        }
        finally
        {
            _handingOff = false;
        }
    }

    /// <summary>Puts a lease the agent did not take back to queued (only if it is still that lease: a report or a deadline may have ended it meanwhile).</summary>
    private async Task UnleaseAsync(AgentTaskRecord offered)
    {
        if (!_tasks.TryGetValue(offered.TaskId, out var current) || !current.IsLeased || current.AgentId != offered.AgentId || current.LeasedAt != offered.LeasedAt)
        {
            return;
        }

        if (current.CancelRequested)
        {
            await ForgetAsync([current.TaskId]); // the workflow no longer wants it
            return;
        }

        var queued = current with { AgentId = null, LeasedAt = null, HeartbeatAt = null };
        try
        {
            await WriteAsync(queued);
        }
        catch (Exception ex)
        {
            // The row still says leased: memory queues it anyway (the next lease overwrites the row; after a restart its heartbeat deadline ends it).
            LogLeaseWriteFailed(ex, Key, offered.TaskId);
            _tasks[offered.TaskId] = queued;
        }

        _order.Add(queued.TaskId, queued.WorkflowId, queued.Options.Priority, queued.EnqueuedAt);
    }

    /// <summary>Asks the capability for up to <paramref name="requested"/> permits; <see langword="null"/> when it did not answer (none granted).</summary>
    private async Task<int?> PermitsAsync(int requested)
    {
        if (requested <= 0)
        {
            return 0;
        }

        if (!_limits.Any)
        {
            return requested;
        }

        try
        {
            return await Capability.AcquireAsync(_partition, LeasedCount, requested);
        }
        catch (Exception ex)
        {
            LogPermitsFailed(ex, Key);
            return null;
        }
    }

    private Task ReturnPermitsAsync(int unused) => unused > 0 ? ReportLeasedAsync() : Task.CompletedTask;

    /// <summary>
    /// Tells the capability this partition's lease count, awaited: the capability overwrites the partition's count with
    /// each report, so a report still in flight when a later acquire is granted would roll that grant back and let
    /// other partitions lease past the limit (seen with one-way reports under load on two silos).
    /// </summary>
    private async Task ReportLeasedAsync()
    {
        if (!_limits.Any)
        {
            return;
        }

        try
        {
            await Capability.ReportLeasedAsync(_partition, LeasedCount);
        }
        catch (Exception ex)
        {
            LogPermitsFailed(ex, Key); // the next acquire carries the count again
        }
    }

    private void UpdateMetrics() => metrics.Partition(Key, _capability, _order.Count, LeasedCount, _order.OldestEnqueuedAt);

    private async Task EnsureReminderAsync()
    {
        if (_reminder is null)
        {
            var period = options.Value.ReminderPeriod;
            _reminder = await this.RegisterOrUpdateReminder(ReminderName, period, period);
        }
    }

    private async Task UnregisterReminderAsync()
    {
        var reminder = _reminder ?? await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminder = null;
    }
}
