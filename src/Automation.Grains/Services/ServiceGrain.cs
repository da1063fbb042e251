using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Services;
using Automation.Grains.Diagnostics;
using Automation.Grains.Hosting;
using Automation.Grains.Live;
using Automation.Persistence;
using Automation.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Services;

/// <summary>
/// One monitored service. A grain timer (interleaving, kept alive) starts a probe every interval; the probe runs off
/// the grain's turn, and its result is applied to the state machine in a short synchronous step. A reminder, held
/// while the service exists, re-activates the grain after a silo loss or a whole-cluster restart, which re-arms the
/// timer. State is written on registration changes and transitions only; probe history goes to PostgreSQL through the
/// silo's <see cref="ServiceHealthRecorder"/>.
/// </summary>
internal sealed partial class ServiceGrain(
    [PersistentState("service", StorageNames.Workflows)] IPersistentState<ServiceState> state,
    IOptions<EngineOptions> engine,
    IOptions<ServiceMonitorOptions> options,
    ServiceProber prober,
    ServiceHealthRecorder recorder,
    ServiceMetrics metrics,
    IServiceTransitionSink sink,
    LiveFeed live,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ServiceGrain> logger) : Grain, IServiceGrain, IRemindable
{
    /// <summary>Transitions kept in state (all are in PostgreSQL).</summary>
    internal const int MaxTransitions = 100;

    private const string ReminderName = "service";

    // Writes of interleaved turns (a transition while a PUT writes) take turns.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private ServiceState S => state.State;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Exists)
        {
            Arm(firstProbe: true);
            await EnsureReminderAsync();
            await PushGateAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _probeCancel.Cancel();
        metrics.Forget(Name);
        return Task.CompletedTask;
    }

    async Task<PutServiceResult> IServiceGrain.PutAsync(ServiceSpec spec, string? actor)
    {
        if (spec.Probe.Interval < options.Value.MinimumInterval)
        {
            return new PutServiceResult(false, null, [new ValidationError("$.probe.interval",
                $"Must be at least {Duration.Format(options.Value.MinimumInterval)} (the configured minimum); got {Duration.Format(spec.Probe.Interval)}.")]);
        }

        var errors = await GrainFactory.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key).RegisterAsync(Name, spec.DependsOn);
        if (errors.Count > 0)
        {
            return new PutServiceResult(false, null, errors);
        }

        var now = time.GetUtcNow();
        var created = !S.Exists;
        // Records compare their lists by reference: compare the JSON instead.
        var probeChanged = created || JsonSerializer.Serialize(S.Spec!.Probe) != JsonSerializer.Serialize(spec.Probe);
        var previous = Copy(S);
        if (created)
        {
            state.State = new ServiceState { Exists = true, CreatedAt = now, CreatedBy = actor };
        }
        else if (probeChanged)
        {
            S.Health = S.Health with { ConsecutiveFailures = 0, ConsecutivePasses = 0 };
        }

        S.Spec = spec;
        S.UpdatedAt = now;
        try
        {
            await EnsureReminderAsync(); // before the write: a registered service never exists without its wake-up call
            await WriteAsync();
        }
        catch
        {
            state.State = previous;
            // All or nothing: the registry recorded the name (or new dependencies) before this write; undo that, or a
            // name that never existed would list, block its dependencies' DELETE and be accepted as a dependency.
            await RestoreRegistryAsync(created ? null : previous.Spec!.DependsOn);
            throw;
        }

        if (previous.Spec?.Breaker != spec.Breaker)
        {
            _breaker = null; // new settings: a new, closed breaker
        }

        await PushGateAsync();
        LogPut(Name, created, spec.Probe.Type, spec.Probe.Interval);
        if (probeChanged)
        {
            _generation++;
            Arm(firstProbe: true);
        }

        ReportToRegistry();
        return new PutServiceResult(created, Snapshot(), null);
    }

    Task<ServiceSnapshot?> IServiceGrain.GetAsync() => Task.FromResult(S.Exists ? Snapshot() : null);

    async Task<DeleteServiceResult> IServiceGrain.DeleteAsync()
    {
        if (!S.Exists)
        {
            return new DeleteServiceResult(DeleteServiceOutcome.NotFound, []);
        }

        var registry = GrainFactory.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key);
        var dependents = await registry.DependentsAsync(Name);
        if (dependents.Count > 0)
        {
            return new DeleteServiceResult(DeleteServiceOutcome.HasDependents, dependents);
        }

        await _writeLock.WaitAsync();
        try
        {
            await state.ClearStateAsync();
        }
        finally
        {
            _writeLock.Release();
        }

        _generation++;
        Disarm();
        state.State = new ServiceState();
        await registry.RemoveAsync(Name); // before the reminder goes: if this fails, the reminder's tick removes the name
        await RemoveGateAsync(); // before the reminder goes: if this fails, the DELETE fails and the reminder's tick removes the gate
        await UnregisterReminderAsync();
        recorder.Forget(Name);
        metrics.Forget(Name);
        if (services.GetService<IServiceHealthStore>() is { } store)
        {
            await recorder.FlushAsync(all: false, CancellationToken.None); // buffered rows first, so none comes back after the delete
            await store.DeleteAsync(Name);
        }

        LogDeleted(Name);
        DeactivateOnIdle();
        return new DeleteServiceResult(DeleteServiceOutcome.Deleted, []);
    }

    async Task<ServiceSnapshot?> IServiceGrain.SetMaintenanceAsync(DateTimeOffset until, string? reason, string? actor)
    {
        if (!S.Exists)
        {
            return null;
        }

        var now = time.GetUtcNow();
        S.Maintenance = new MaintenanceWindow(until, reason, actor, now);
        await ReevaluateAsync(now, write: true);
        return Snapshot();
    }

    async Task<ServiceSnapshot?> IServiceGrain.ClearMaintenanceAsync()
    {
        if (!S.Exists)
        {
            return null;
        }

        if (S.Maintenance is not null)
        {
            S.Maintenance = null;
            await ReevaluateAsync(time.GetUtcNow(), write: true);
        }

        return Snapshot();
    }

    async Task<ServiceHealthReport?> IServiceGrain.GetHealthAsync()
    {
        if (!S.Exists)
        {
            return null;
        }

        var now = time.GetUtcNow();
        IReadOnlyList<ProbeResult> probes = [];
        IReadOnlyList<ServiceMinute> minutes = [];
        IReadOnlyList<ServiceTransition> transitions = S.Transitions;
        if (services.GetService<IServiceHealthStore>() is { } store)
        {
            (probes, minutes, transitions) = await store.ReadAsync(Name, 100, now.AddHours(-24), now.AddDays(-7));
        }

        // The current minute is still in this silo's memory (it is written when it is over).
        var open = recorder.OpenMinutes(Name);
        var merged = minutes.Where(m => !open.Any(o => o.Minute == m.Minute)).Concat(open).OrderBy(m => m.Minute).ToList();
        return new ServiceHealthReport(Name, S.Health.Status, probes, merged, [.. transitions.Where(t => t.At >= now.AddDays(-7)).Take(500)])
        {
            Uptime24h = ServiceUptime.Percent(transitions, now.AddHours(-24), now),
            Uptime7d = ServiceUptime.Percent(transitions, now.AddDays(-7), now),
        };
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!S.Exists)
        {
            // The backstop of a registration that failed half-way (its reminder exists, its state does not) and whose
            // undo could not reach the registry: the registry forgets the name now.
            await RestoreRegistryAsync(null);
            await RemoveGateAsync(); // and a deleted service's gate that its DELETE could not take off the board
            await UnregisterReminderAsync();
            DeactivateOnIdle();
            return;
        }

        // The activation armed the timer; a reminder only proves the grain is alive. Re-arm if a failure dropped it.
        if (_timer is null)
        {
            Arm(firstProbe: true);
        }
    }

    private ServiceSnapshot Snapshot(int transitions = MaxTransitions) => new(Name, S.Spec!, S.Health.Status, S.Health.ProbeStatus, S.CreatedAt, S.UpdatedAt)
    {
        Maintenance = S.Maintenance,
        LastProbe = S.LastProbe,
        ConsecutiveFailures = S.Health.ConsecutiveFailures,
        ConsecutivePasses = S.Health.ConsecutivePasses,
        ImpactedBy = S.Health.ImpactedBy,
        Transitions = [.. S.Transitions.Take(transitions)],
        StatusSince = S.Health.StatusSince,
        CreatedBy = S.CreatedBy,
        Breaker = Breaker.Snapshot(),
    };

    private static ServiceState Copy(ServiceState s) => new()
    {
        Exists = s.Exists, Spec = s.Spec, CreatedAt = s.CreatedAt, UpdatedAt = s.UpdatedAt, CreatedBy = s.CreatedBy,
        Health = s.Health, Maintenance = s.Maintenance, LastProbe = s.LastProbe, Transitions = [.. s.Transitions],
    };

    /// <summary>The one place state is written; interleaved writers take turns.</summary>
    private async Task WriteAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task RestoreRegistryAsync(IReadOnlyList<string>? previousDependsOn)
    {
        try
        {
            await GrainFactory.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key).RestoreAsync(Name, previousDependsOn);
        }
        catch (Exception ex)
        {
            LogRegistryRestoreFailed(ex, Name);
        }
    }

    private async Task EnsureReminderAsync()
    {
        var period = engine.Value.ReminderPeriod;
        if (await this.GetReminder(ReminderName) is null)
        {
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
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
            LogReminderFailed(ex, Name);
        }
    }
}
