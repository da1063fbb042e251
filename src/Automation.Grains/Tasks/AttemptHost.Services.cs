using Automation.Engine.Services;
using Automation.Tasks;
using Automation.Workflows;

namespace Automation.Grains.Tasks;

internal sealed partial class AttemptHost
{
    /// <summary>
    /// Finds the monitored service an http attempt calls and asks its gate (the silo's copy: no grain call of its own).
    /// </summary>
    /// <returns>
    /// The service (null when the call belongs to none), whether this attempt is the silo's half-open trial, and the
    /// deferred report to send instead of running when the service is Unhealthy or its breaker is open.
    /// </returns>
    private (string? Service, bool Trial, TaskReport? Deferred) CheckService(StepRequest request)
    {
        var table = _gates.Gates();
        if (ServiceGates.Resolve(request.With, table) is not { } service || !table.TryGetValue(service, out var gate))
        {
            return (null, false, null); // not a registered service's call: it goes as before
        }

        if (ServiceGates.IsProbeWorkflowOf(request.WorkflowId, service))
        {
            // The service's own workflow probe: gating it would defer the very call that shows the service recovered
            // (an Unhealthy service would stay so for ever), and its outcome reaches the breaker as the probe result.
            return (null, false, null);
        }

        var now = _time.GetUtcNow();
        var verdict = ServiceGates.Check(gate, now);
        if (verdict.Kind == GateVerdictKind.Trial)
        {
            if (_gates.TryTakeTrial(service))
            {
                return (service, true, null);
            }

            verdict = new GateVerdict(GateVerdictKind.Wait, $"waiting for service {service}: its circuit breaker is half-open and a trial call is in flight");
        }

        if (verdict.Kind == GateVerdictKind.Allow)
        {
            return (service, false, null);
        }

        LogDeferred(request.WorkflowId, request.StepId, service, verdict.Reason!);
        var report = new TaskReport(request.StepId, TaskReportKind.Deferred, request.Attempt, now, now, null,
            new StepError("service.unavailable", verdict.Reason!, Retryable: true), verdict.RetryAt) { Service = service };
        return (service, false, report);
    }
}
