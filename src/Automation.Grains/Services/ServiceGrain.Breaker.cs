using Automation.Engine.Services;
using Automation.Services;

namespace Automation.Grains.Services;

internal sealed partial class ServiceGrain
{
    private ServiceBreaker? _breaker;
    private ServiceGate? _pushed;

    /// <summary>The breaker (in memory: a new activation starts closed; the health status, which also gates calls, is durable).</summary>
    private ServiceBreaker Breaker => _breaker ??= new ServiceBreaker(S.Spec?.Breaker ?? BreakerSettings.Default, time);

    async Task<ServiceGate?> IServiceGrain.ReportCallsAsync(ServiceCallCounts counts)
    {
        if (!S.Exists)
        {
            return null;
        }

        if (Breaker.Record(counts))
        {
            LogBreaker(Name, Breaker.State, counts.Successes, counts.Failures);
            metrics.Breaker(Name, Breaker.State);
        }

        await PushGateAsync();
        return Gate();
    }

    /// <summary>
    /// While the breaker is not closed, a probe counts as a call: after the break a passing probe is the trial that
    /// closes it, a failing one re-opens it. While closed, probes stay out of the workflow calls' failure ratio. A
    /// workflow probe that timed out is no trial either way: its workflow may simply not have been scheduled in time
    /// (a busy engine), which says nothing about the service.
    /// </summary>
    private void FeedProbe(ProbeResult result)
    {
        if (result.TimedOut && S.Spec?.Probe.Type == ProbeType.Workflow)
        {
            return;
        }

        if (Breaker.State != BreakerState.Closed && Breaker.Record(result.Passed))
        {
            LogBreaker(Name, Breaker.State, result.Passed ? 1 : 0, result.Passed ? 0 : 1);
            metrics.Breaker(Name, Breaker.State);
        }
    }

    /// <summary>The gate silos check before an http step calls this service. An open breaker past its break reads open with its end, which silos treat as half-open.</summary>
    private ServiceGate Gate()
    {
        var open = Breaker.State != BreakerState.Closed;
        return new ServiceGate(Name, ServiceGates.BaseUrlOf(S.Spec!), S.Health.ProbeStatus == ServiceStatus.Unhealthy,
            open ? BreakerState.Open : BreakerState.Closed, open ? Breaker.OpenUntil : null);
    }

    /// <summary>Pushes the gate to the board when it changed since the last push; a failed push is retried at the next probe.</summary>
    private async Task PushGateAsync()
    {
        if (!S.Exists)
        {
            return;
        }

        var gate = Gate();
        if (gate == _pushed)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IServiceGateBoardGrain>(IServiceGateBoardGrain.Key).SetAsync(gate);
            _pushed = gate;
        }
        catch (Exception ex)
        {
            LogGatePushFailed(ex, Name);
        }
    }

    /// <summary>
    /// Takes the service's gate off the board. A failure propagates: the caller fails (a DELETE can be retried, a
    /// reminder tick comes again) and keeps the reminder, whose tick removes the gate of a service that is gone.
    /// </summary>
    private async Task RemoveGateAsync()
    {
        _pushed = null;
        _breaker = null;
        await GrainFactory.GetGrain<IServiceGateBoardGrain>(IServiceGateBoardGrain.Key).RemoveAsync(Name);
    }
}
