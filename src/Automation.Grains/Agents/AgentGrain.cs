using System.Text.Json;
using Automation.Agents;
using Automation.Grains.Hosting;
using Automation.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Agents;

/// <summary>
/// One agent: its registration (persisted), its health, and the tasks it holds (the queue rows are the truth; this
/// grain keeps them in memory to count slots and reloads them from the store on activation). Its calls interleave:
/// a poll waits for a hand-off while heartbeats and reports go on; every change of memory happens between awaits.
/// </summary>
internal sealed partial class AgentGrain(
    [PersistentState("agent", StorageNames.Workflows)] IPersistentState<AgentState> state,
    IAgentTaskStore store,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain, IRemindable
{
    private const string ReminderName = "agent";
    private const int RecentDurations = 20;

    private readonly Dictionary<string, AgentLease> _leases = new(StringComparer.Ordinal);
    private readonly List<AgentTaskRecord> _offered = [];
    private TaskCompletionSource? _waiting;
    private int _reserved;
    private DateTimeOffset _lastSeen;
    private bool _unhealthy;
    private bool _countersDirty;
    private int _rotation;

    private AgentState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    private TimeSpan Interval => options.Value.AgentHeartbeatInterval;

    private int FreeSlots => S.Registration is { } r ? Math.Max(0, r.MaxConcurrency - _leases.Count - _reserved) : 0;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastSeen = time.GetUtcNow();
        if (S.Registration is null)
        {
            return;
        }

        foreach (var task in await store.LoadLeasedByAsync(Id, cancellationToken))
        {
            _leases[task.TaskId] = new AgentLease(task.TaskId, task.WorkflowId, task.StepId, task.LeasedAt ?? _lastSeen);
        }

        StartLivenessTimer();
    }

    async Task<AgentSnapshot> IAgentGrain.RegisterAsync(AgentRegistration registration)
    {
        if (S.Registration is null)
        {
            S.Registration = registration;
            S.RegisteredAt = time.GetUtcNow();
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IAgentRegistryGrain>(IAgentRegistryGrain.Key).AddAgentAsync(Id, registration.Capabilities);
            StartLivenessTimer();
            LogRegistered(Id, registration.Name, string.Join(",", registration.Capabilities));
        }

        _lastSeen = time.GetUtcNow();
        return Snapshot()!;
    }

    Task<AgentSnapshot?> IAgentGrain.GetAsync() => Task.FromResult(Snapshot());

    async Task<AgentPollResult> IAgentGrain.PollAsync(string caller, int max, TimeSpan wait)
    {
        if (Check(caller) is { } refused)
        {
            return new AgentPollResult(refused, []);
        }

        if (S.Draining)
        {
            return new AgentPollResult(AgentCallOutcome.Draining, []);
        }

        Seen();
        var leased = new List<AgentTaskRecord>();
        var want = Math.Min(max, FreeSlots);
        if (want > 0)
        {
            _reserved += want;
            try
            {
                foreach (var queue in Queues())
                {
                    if (leased.Count >= want)
                    {
                        break;
                    }

                    try
                    {
                        leased.AddRange(await queue.LeaseAsync(Id, want - leased.Count));
                    }
                    catch (Exception ex) when (leased.Count > 0)
                    {
                        // Keep what other partitions leased: dropping it would strand those leases until a deadline.
                        LogLeaseFailed(ex, Id);
                        break;
                    }
                }
            }
            finally
            {
                _reserved -= want;
            }

            foreach (var task in leased)
            {
                Hold(task);
            }
        }

        if (leased.Count > 0 || wait <= TimeSpan.Zero || S.Draining)
        {
            return new AgentPollResult(AgentCallOutcome.Ok, leased);
        }

        if (_waiting is { } other)
        {
            // Another poll of this agent already waits and takes what is handed over; this one waits with it (rather
            // than answering at once, which would make the API loop spin) and answers empty.
            try
            {
                await other.Task.WaitAsync(wait, time);
            }
            catch (TimeoutException)
            {
                // The wait ended.
            }

            return new AgentPollResult(AgentCallOutcome.Ok, []);
        }

        // Nothing now: wait for a partition to offer one (it checks its queue when the wait is registered, so a task
        // queued between the sweep above and the registration is not missed).
        var until = time.GetUtcNow() + wait;
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting = waiting;
        _offered.Clear();
        if (FreeSlots > 0)
        {
            foreach (var queue in Queues())
            {
                _ = queue.WaitAsync(Id, until);
            }
        }

        try
        {
            await waiting.Task.WaitAsync(wait, time);
        }
        catch (TimeoutException)
        {
            // The wait ended with nothing.
        }
        finally
        {
            _waiting = null;
        }

        var handed = _offered.ToList();
        _offered.Clear();
        return new AgentPollResult(AgentCallOutcome.Ok, handed);
    }

    Task<bool> IAgentGrain.OfferAsync(AgentTaskRecord task)
    {
        if (_waiting is not { } waiting || S.Draining || S.Registration is null || FreeSlots == 0 || _leases.ContainsKey(task.TaskId))
        {
            return Task.FromResult(false);
        }

        Hold(task);
        _offered.Add(task);
        waiting.TrySetResult();
        return Task.FromResult(true);
    }

    async Task<AgentHeartbeatResult> IAgentGrain.HeartbeatAsync(string caller, string taskId, int? percent, JsonElement? details)
    {
        if (Check(caller) is { } refused)
        {
            return new AgentHeartbeatResult(refused);
        }

        Seen();
        if (QueueKeyOf(taskId) is not { } queueKey)
        {
            return new AgentHeartbeatResult(AgentCallOutcome.TaskNotFound);
        }

        var result = await GrainFactory.GetGrain<ITaskQueueGrain>(queueKey).HeartbeatAsync(taskId, Id, percent, details);
        if (result.Outcome is AgentCallOutcome.NotHeld or AgentCallOutcome.TaskNotFound)
        {
            Drop(taskId);
        }

        return result;
    }

    async Task<AgentCallOutcome> IAgentGrain.ReportAsync(string caller, string taskId, JsonElement? output, StepError? error)
    {
        if (Check(caller) is { } refused)
        {
            return refused;
        }

        Seen();
        if (QueueKeyOf(taskId) is not { } queueKey)
        {
            return AgentCallOutcome.TaskNotFound;
        }

        var held = _leases.GetValueOrDefault(taskId);
        var outcome = await GrainFactory.GetGrain<ITaskQueueGrain>(queueKey).ReportAsync(taskId, Id, output, error);
        if (outcome == AgentCallOutcome.Ok && held is not null && _leases.Remove(taskId))
        {
            if (error is null)
            {
                S.Completed++;
            }
            else
            {
                S.Failed++;
            }

            S.RecentDurationsMs.Add((long)(time.GetUtcNow() - held.LeasedAt).TotalMilliseconds);
            if (S.RecentDurationsMs.Count > RecentDurations)
            {
                S.RecentDurationsMs.RemoveRange(0, S.RecentDurationsMs.Count - RecentDurations);
            }

            _countersDirty = true;
            await RemoveIfDrainedAsync();
        }
        else if (outcome is AgentCallOutcome.NotHeld or AgentCallOutcome.TaskNotFound)
        {
            Drop(taskId);
        }

        return outcome;
    }

    async Task IAgentGrain.ReleasedAsync(string taskId, bool failed)
    {
        if (_leases.Remove(taskId) && failed)
        {
            S.Failed++;
            _countersDirty = true;
        }

        await RemoveIfDrainedAsync();
    }

    async Task<bool> IAgentGrain.DrainAsync()
    {
        if (S.Registration is null)
        {
            return false;
        }

        if (!S.Draining)
        {
            S.Draining = true;
            await state.WriteStateAsync();
            _waiting?.TrySetResult();
            LogDraining(Id, _leases.Count);
        }

        await RemoveIfDrainedAsync();
        return true;
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Registration is null)
        {
            var reminder = await this.GetReminder(ReminderName);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        await CheckLivenessAsync();
    }

    private AgentCallOutcome? Check(string caller) =>
        S.Registration is null ? AgentCallOutcome.AgentNotFound
        : S.Registration.Owner != caller ? AgentCallOutcome.Forbidden
        : null;

    private void Seen()
    {
        _lastSeen = time.GetUtcNow();
        _unhealthy = false;
    }

    private void Hold(AgentTaskRecord task) =>
        _leases[task.TaskId] = new AgentLease(task.TaskId, task.WorkflowId, task.StepId, task.LeasedAt ?? time.GetUtcNow());

    private void Drop(string taskId) => _leases.Remove(taskId);

    /// <summary>
    /// The queue a task id names, only if it is one of this agent's capabilities and a configured partition (so a
    /// caller cannot activate arbitrary queue grains); <see langword="null"/> otherwise (the task is not found).
    /// </summary>
    private string? QueueKeyOf(string taskId)
    {
        if (AgentNames.QueueKeyOf(taskId) is not { } queueKey || S.Registration is not { } registration)
        {
            return null;
        }

        var separator = queueKey.LastIndexOf('~');
        var capability = queueKey[..separator];
        var partition = int.Parse(queueKey.AsSpan(separator + 1), System.Globalization.CultureInfo.InvariantCulture);
        return partition < options.Value.AgentQueuePartitions && registration.Capabilities.Contains(capability, StringComparer.Ordinal) ? queueKey : null;
    }

    /// <summary>
    /// The queue partitions of its capabilities, interleaved (each capability's partition 0, then each one's partition 1,
    /// …) and starting at a rotating offset, so a backlog of one capability never starves the others and polls spread
    /// over partitions.
    /// </summary>
    private IEnumerable<ITaskQueueGrain> Queues()
    {
        var partitions = options.Value.AgentQueuePartitions;
        var capabilities = S.Registration!.Capabilities;
        var total = capabilities.Count * partitions;
        if (total == 0)
        {
            yield break;
        }

        var start = (int)((uint)_rotation++ % (uint)total);
        for (var i = 0; i < total; i++)
        {
            var k = (start + i) % total;
            yield return GrainFactory.GetGrain<ITaskQueueGrain>(AgentNames.QueueKey(capabilities[k % capabilities.Count], k / capabilities.Count));
        }
    }

    private AgentSnapshot? Snapshot()
    {
        if (S.Registration is not { } registration)
        {
            return null;
        }

        var status = S.Draining ? AgentStatus.Draining : _unhealthy ? AgentStatus.Unhealthy : AgentStatus.Healthy;
        return new AgentSnapshot(Id, registration.Owner, registration, status, S.RegisteredAt, _lastSeen,
            [.. _leases.Values.OrderBy(l => l.LeasedAt)], S.Completed, S.Failed, [.. S.RecentDurationsMs])
        {
            HeartbeatInterval = Interval,
        };
    }
}
