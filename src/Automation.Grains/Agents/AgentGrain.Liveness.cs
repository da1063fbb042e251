using Automation.Agents;

namespace Automation.Grains.Agents;

internal sealed partial class AgentGrain
{
    private IGrainTimer? _liveness;
    private IGrainReminder? _reminder;
    private bool _removing;

    private void StartLivenessTimer() =>
        _liveness ??= this.RegisterGrainTimer(_ => CheckLivenessAsync(), new GrainTimerCreationOptions(Interval, Interval) { KeepAlive = true });

    /// <summary>
    /// An agent silent for 3 × the heartbeat interval is unhealthy: the partitions queue its tasks again (same
    /// attempt, same idempotency key). Counters are written here, not on every report. A reminder while it holds
    /// tasks brings this check back after a crash.
    /// </summary>
    private async Task CheckLivenessAsync()
    {
        try
        {
            if (!_unhealthy && time.GetUtcNow() - _lastSeen > 3 * Interval)
            {
                _unhealthy = true;
                var queues = _leases.Keys.Select(AgentNames.QueueKeyOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                LogUnhealthy(Id, _leases.Count);
                _leases.Clear();
                await Task.WhenAll(queues.Select(q => GrainFactory.GetGrain<ITaskQueueGrain>(q).RequeueAsync(Id)));
                await RemoveIfDrainedAsync();
            }

            if (_countersDirty && S.Registration is not null)
            {
                _countersDirty = false;
                await state.WriteStateAsync();
            }

            if (_leases.Count > 0 && _reminder is null)
            {
                var period = options.Value.ReminderPeriod;
                _reminder = await this.RegisterOrUpdateReminder(ReminderName, period, period);
            }
            else if (_leases.Count == 0 && _reminder is not null)
            {
                await this.UnregisterReminder(_reminder);
                _reminder = null;
            }
        }
        catch (Exception ex)
        {
            LogLivenessFailed(ex, Id);
        }
    }

    /// <summary>A draining agent that holds nothing is removed.</summary>
    private async Task RemoveIfDrainedAsync()
    {
        if (!S.Draining || _leases.Count > 0 || S.Registration is null || _removing)
        {
            return;
        }

        // Set before the first await: reports and releases interleave, and only one of them may remove the agent.
        _removing = true;
        try
        {
            await GrainFactory.GetGrain<IAgentRegistryGrain>(IAgentRegistryGrain.Key).RemoveAgentAsync(Id);
            await state.ClearStateAsync();
        }
        catch
        {
            _removing = false; // the next report, release or liveness tick tries again
            throw;
        }

        state.State = new AgentState();
        _liveness?.Dispose();
        _liveness = null;
        var reminder = _reminder ?? await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
            _reminder = null;
        }

        LogRemoved(Id);
        DeactivateOnIdle();
    }
}
