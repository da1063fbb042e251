using Automation.Definitions;
using Automation.Engine.Schedules;
using Automation.Grains.Hosting;
using Automation.Schedules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Schedules;

/// <summary>
/// One schedule. A one-shot grain timer wakes it at the next fire time (plus jitter) for precision; a reminder, held
/// while the schedule exists and is not paused, wakes it after a silo loss or a whole-cluster restart. Each wake asks
/// <see cref="SchedulePlanner"/> which fires are due and starts them with ids derived from the fire time, so a fire
/// that was started before a crash but not yet recorded is answered <c>AlreadyExists</c> and never runs twice.
/// </summary>
internal sealed partial class ScheduleGrain(
    [PersistentState("schedule", StorageNames.Workflows)] IPersistentState<ScheduleState> state,
    IOptions<EngineOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain, IRemindable
{
    /// <summary>Runs kept in state and shown by GET.</summary>
    internal const int MaxRuns = 20;

    /// <summary>How often a buffered fire checks whether the previous run has finished.</summary>
    internal static readonly TimeSpan BufferPoll = TimeSpan.FromSeconds(1);

    private const string ReminderName = "schedule";

    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromHours(1);

    private IGrainTimer? _timer;

    /// <summary>Set when a write failed: the activation is being dropped and arms no timer any more.</summary>
    private bool _dropped;

    // What reads answer: the last written state (GetAsync interleaves with a wake that is starting fires).
    private ScheduleState _durable = new();
    private ScheduleCalendar? _calendar;
    private ScheduleSpec? _calendarSpec;

    // After activation the latest fires may have been started by an activation that died before recording them.
    private bool _recovering = true;

    private ScheduleState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    private string Marker => "schedule:" + Id;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _durable = Copy(S);
        if (S.Exists && S.Spec is { Paused: false })
        {
            Arm(time.GetUtcNow());
        }

        return Task.CompletedTask;
    }

    async Task<PutScheduleResult> IScheduleGrain.PutAsync(ScheduleSpec spec, string? actor)
    {
        var errors = new List<ValidationError>();
        if (ScheduleCalendar.TryCreate(spec.Cron, spec.TimeZone, errors) is not { } calendar)
        {
            return new PutScheduleResult(false, null, errors);
        }

        if (spec.Jitter is { } jitter && jitter > TimeSpan.Zero && ShortestGap(calendar, time.GetUtcNow()) is { } gap && jitter >= gap)
        {
            // A fire delayed past the next one would be planned late and counted missed: refuse it up front.
            return new PutScheduleResult(false, null, [new ValidationError("$.jitter",
                $"Must be shorter than the shortest time between two fires ({Duration.Format(gap)} for this cron); got {Duration.Format(jitter)}.")]);
        }

        var created = !S.Exists;
        if (created)
        {
            // Listed before it exists: a crash in between leaves an id the listing skips, never an unlisted schedule.
            await GrainFactory.GetGrain<IScheduleRegistryGrain>(IScheduleRegistryGrain.Key).AddAsync(Id);
        }

        var now = time.GetUtcNow();
        var previous = Copy(S);
        if (created)
        {
            state.State = new ScheduleState { Exists = true, CreatedAt = now, CreatedBy = actor, Cursor = now };
        }
        else if (S.Spec!.Paused && !spec.Paused)
        {
            S.Cursor = now; // Fires due while paused are never started.
        }
        else if (S.Spec.Cron != spec.Cron || S.Spec.TimeZone != spec.TimeZone || S.Spec.Jitter != spec.Jitter)
        {
            // A new calendar starts now: the old cursor under the new cron would "catch up" times before the change.
            S.Cursor = S.Cursor > now ? S.Cursor : now;
            S.Buffered = null;
        }

        S.Spec = spec;
        S.UpdatedAt = now;
        if (spec.Paused)
        {
            S.Buffered = null;
        }

        await CommitAsync(previous, reminder: !spec.Paused);
        LogPut(Id, created, spec.Cron, spec.TimeZone, spec.Definition);
        RearmOrStop();
        return new PutScheduleResult(created, Snapshot(_durable), null);
    }

    Task<ScheduleSnapshot?> IScheduleGrain.GetAsync() => Task.FromResult(_durable.Exists ? Snapshot(_durable) : null);

    async Task<bool> IScheduleGrain.DeleteAsync()
    {
        if (!S.Exists)
        {
            return false;
        }

        await state.ClearStateAsync();
        _timer?.Dispose(); // after the clear: a failed delete leaves the schedule firing
        _timer = null;
        state.State = new ScheduleState();
        _durable = new ScheduleState();
        await UnregisterReminderAsync();
        await GrainFactory.GetGrain<IScheduleRegistryGrain>(IScheduleRegistryGrain.Key).RemoveAsync(Id);
        LogDeleted(Id);
        return true;
    }

    async Task<ScheduleSnapshot?> IScheduleGrain.SetPausedAsync(bool paused)
    {
        if (!S.Exists)
        {
            return null;
        }

        if (S.Spec!.Paused != paused)
        {
            var previous = Copy(S);
            var now = time.GetUtcNow();
            S.Spec = S.Spec with { Paused = paused };
            S.UpdatedAt = now;
            if (paused)
            {
                S.Buffered = null;
            }
            else
            {
                S.Cursor = now;
            }

            await CommitAsync(previous, reminder: !paused);
            RearmOrStop();
        }

        return Snapshot(_durable);
    }

    async Task<TriggerScheduleResult?> IScheduleGrain.TriggerAsync()
    {
        if (!S.Exists)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var previous = Copy(S);
        var (outcome, run) = await StartAsync(SchedulePlanner.ManualWorkflowIdFor(Id, now), now, manual: true);
        await CommitAsync(previous, reminder: !S.Spec!.Paused);
        return new TriggerScheduleResult(outcome, run);
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!S.Exists || S.Spec!.Paused)
        {
            await UnregisterReminderAsync();
            DeactivateOnIdle();
            return;
        }

        await TickAsync();
    }

    private ScheduleCalendar Calendar() => Calendar(S.Spec!);

    private ScheduleCalendar Calendar(ScheduleSpec spec)
    {
        if (_calendar is null || !ReferenceEquals(_calendarSpec, spec))
        {
            _calendar = ScheduleCalendar.TryCreate(spec.Cron, spec.TimeZone, []) ?? throw new InvalidOperationException($"Schedule '{Id}' holds an invalid cron expression.");
            _calendarSpec = spec;
        }

        return _calendar;
    }

    private ScheduleSnapshot Snapshot(ScheduleState s)
    {
        var spec = s.Spec!;
        var now = time.GetUtcNow();
        var next = spec.Paused ? [] : Calendar(spec).Next(s.Cursor > now ? s.Cursor : now, 10);
        return new ScheduleSnapshot(Id, spec, s.CreatedAt, s.UpdatedAt, s.CreatedBy, next, [.. s.Runs])
        {
            LastFireAt = s.LastFireAt,
            Skipped = s.Skipped,
            Buffered = s.Buffered,
            LastError = s.LastError,
        };
    }

    private static ScheduleState Copy(ScheduleState s) => new()
    {
        Exists = s.Exists, Spec = s.Spec, CreatedAt = s.CreatedAt, UpdatedAt = s.UpdatedAt, CreatedBy = s.CreatedBy,
        Cursor = s.Cursor, Runs = [.. s.Runs], Skipped = s.Skipped, Buffered = s.Buffered, LastError = s.LastError,
        LastFireAt = s.LastFireAt,
    };

    /// <summary>The shortest time between two of the next 100 fires, or null with fewer than two.</summary>
    private static TimeSpan? ShortestGap(ScheduleCalendar calendar, DateTimeOffset now)
    {
        var fires = calendar.Next(now, 100);
        TimeSpan? shortest = null;
        for (var i = 1; i < fires.Count; i++)
        {
            var gap = fires[i] - fires[i - 1];
            shortest = shortest is null || gap < shortest ? gap : shortest;
        }

        return shortest;
    }

    /// <summary>Registers or removes the reminder, then writes; on failure memory goes back to the stored state.</summary>
    private async Task CommitAsync(ScheduleState previous, bool reminder)
    {
        try
        {
            if (reminder)
            {
                // Before the write: an active schedule never exists without the reminder that wakes it.
                var period = options.Value.ReminderPeriod;
                await this.RegisterOrUpdateReminder(ReminderName, period, period);
            }

            await state.WriteStateAsync();
        }
        catch
        {
            // The stored version may now differ from ours (a write that committed but whose answer was lost): drop this
            // activation, so the next call or the reminder reloads what is durable, instead of retrying on stale state.
            state.State = previous;
            _timer?.Dispose();
            _timer = null;
            _dropped = true;
            DeactivateOnIdle();
            throw;
        }

        _durable = Copy(S);

        if (!reminder)
        {
            await UnregisterReminderAsync();
        }
    }

    private async Task UnregisterReminderAsync()
    {
        try
        {
            if (await this.GetReminder(ReminderName) is { } r)
            {
                await this.UnregisterReminder(r);
            }
        }
        catch (Exception ex)
        {
            LogReminderFailed(ex, Id);
        }
    }
}
