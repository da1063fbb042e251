using Automation.Engine.Services;
using Automation.Live;
using Automation.Services;

namespace Automation.Grains.Services;

internal sealed partial class ServiceGrain
{
    private IGrainTimer? _timer;
    private CancellationTokenSource _probeCancel = new();
    private DateTimeOffset _nextDue;
    private bool _probing;

    // Bumped when the probe changes or the service is deleted: a result of the old probe is dropped.
    private int _generation;

    /// <summary>
    /// Starts probing every interval; the first probe is jittered over one interval so that services spread out. The
    /// timer is one-shot and re-armed at each tick for the next due time: Orleans schedules a timer's next tick only
    /// after its callback completes, so a periodic timer would drift by each probe's duration.
    /// </summary>
    private void Arm(bool firstProbe)
    {
        Disarm();
        var interval = S.Spec!.Probe.Interval;
        var due = firstProbe ? TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * interval.Ticks)) : interval;
        _nextDue = time.GetUtcNow() + due;
        _probeCancel = new CancellationTokenSource();
        _timer = this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions
        {
            DueTime = due,
            Period = Timeout.InfiniteTimeSpan,
            Interleave = true,
            KeepAlive = true,
        });
    }

    private void Disarm()
    {
        _timer?.Dispose();
        _timer = null;
        _probeCancel.Cancel();
        _probeCancel.Dispose();
        _probeCancel = new CancellationTokenSource();
    }

    /// <summary>A tick: re-arms for the next due time, then starts the probe without waiting for it.</summary>
    private Task OnTimerAsync(CancellationToken cancellationToken)
    {
        var spec = S.Spec;
        if (spec is null || !S.Exists)
        {
            return Task.CompletedTask;
        }

        var now = time.GetUtcNow();
        var scheduled = _nextDue;
        var interval = spec.Probe.Interval;
        _nextDue = scheduled + interval;
        if (_nextDue <= now)
        {
            // Fell behind by a whole interval (a long pause): skip the missed probes instead of bunching them.
            _nextDue = now + interval;
        }

        _timer?.Change(_nextDue - now, Timeout.InfiniteTimeSpan);
        if (_probing)
        {
            LogProbeOverlap(Name);
            return Task.CompletedTask;
        }

        _probing = true;
        // Not awaited: the probe runs on the thread pool, off the grain's turn; its continuation comes back to the
        // activation and applies the result in one short synchronous step.
        _ = ProbeAndApplyAsync(spec, scheduled, _generation);
        return Task.CompletedTask;
    }

    private async Task ProbeAndApplyAsync(ServiceSpec spec, DateTimeOffset scheduled, int generation)
    {
        try
        {
            // The probe runs on the thread pool (Task.Run); this await resumes on the activation's scheduler, so the
            // result is applied in a grain turn.
            var (name, token) = (Name, _probeCancel.Token);
            var result = await Task.Run(() => prober.ProbeAsync(name, spec.Probe, scheduled, token), CancellationToken.None);
            if (generation != _generation || !S.Exists)
            {
                return;
            }

            var impactedBy = await ImpactedByAsync(spec);
            if (generation != _generation || !S.Exists)
            {
                return;
            }

            await ApplyAsync(result, impactedBy);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProbeFailed(ex, Name);
        }
        catch (OperationCanceledException)
        {
            // deleted, changed or deactivated meanwhile
        }
        finally
        {
            _probing = false;
        }
    }

    /// <summary>Dependencies whose shown status is Unhealthy or Impacted (read-only interleaving calls, so two services never wait on each other).</summary>
    private async Task<IReadOnlyList<string>> ImpactedByAsync(ServiceSpec spec)
    {
        if (spec.DependsOn.Count == 0)
        {
            return [];
        }

        var snapshots = await Task.WhenAll(spec.DependsOn.Select(d => GrainFactory.GetGrain<IServiceGrain>(d).GetAsync()));
        return [.. snapshots.Where(s => s is not null && HealthStateMachine.Impacts(s.Status)).Select(s => s!.Name)];
    }

    /// <summary>Applies a probe result: state machine (synchronous), history buffer, metrics, and on a transition a write.</summary>
    private async Task ApplyAsync(ProbeResult result, IReadOnlyList<string> impactedBy)
    {
        var now = time.GetUtcNow();
        var maintenanceEnded = S.Maintenance is { } m && now >= m.Until;
        if (maintenanceEnded)
        {
            S.Maintenance = null;
        }

        var step = HealthStateMachine.Apply(S.Health, result, S.Spec!.Thresholds, S.Maintenance, impactedBy, now);
        S.Health = step.State;
        S.LastProbe = result;
        FeedProbe(result);
        recorder.Record(Name, result);
        metrics.Probed(Name, result, S.Health.Status);
        if (step.Change is { } change)
        {
            await RecordTransitionAsync(change, result, now);
        }
        else if (maintenanceEnded)
        {
            await TryWriteAsync();
        }

        await PushGateAsync(); // only when Unhealthy or the breaker changed, or an earlier push failed
        ReportToRegistry();
    }

    /// <summary>Re-evaluates the shown status after a maintenance change, writing when asked or when it changed.</summary>
    private async Task ReevaluateAsync(DateTimeOffset now, bool write)
    {
        var step = HealthStateMachine.Reevaluate(S.Health, S.Maintenance, S.Health.ImpactedBy, now);
        S.Health = step.State;
        metrics.Status(Name, S.Health.Status, S.LastProbe?.Passed ?? false);
        if (step.Change is { } change)
        {
            await RecordTransitionAsync(change, null, now);
        }
        else if (write)
        {
            await WriteAsync();
        }

        ReportToRegistry();
    }

    private async Task RecordTransitionAsync(HealthChange change, ProbeResult? probe, DateTimeOffset now)
    {
        var transition = new ServiceTransition(Name, change.From, change.To, change.Reason, now, probe) { ProbeStatus = S.Health.ProbeStatus };
        S.Transitions.Insert(0, transition);
        if (S.Transitions.Count > MaxTransitions)
        {
            S.Transitions.RemoveRange(MaxTransitions, S.Transitions.Count - MaxTransitions);
        }

        LogTransition(Name, change.From, change.To, change.Reason);
        await TryWriteAsync();
        recorder.Record(transition);
        metrics.Transitioned(Name);
        live.Publish(new LiveChange(LiveTopic.Service, Name, change.To.ToString(), 0, now) { Action = change.From.ToString(), Title = change.Reason }); // live pages
        try
        {
            await sink.PublishAsync(transition);
        }
        catch (Exception ex)
        {
            LogSinkFailed(ex, Name, change.To);
        }
    }

    /// <summary>Writes after a transition; a failure is logged and the next write carries it (memory stays ahead until then).</summary>
    private async Task TryWriteAsync()
    {
        try
        {
            await WriteAsync();
        }
        catch (Exception ex)
        {
            LogWriteFailed(ex, Name);
        }
    }
}
