using Automation.Api.Contracts;
using Automation.Services;

namespace Automation.Api.Apis;

/// <summary>Maps service snapshots and reports onto responses.</summary>
internal static class ServiceResponses
{
    // Worst first: the roll-up status of a group is the first of these any member has.
    private static readonly ServiceStatus[] Severity =
        [ServiceStatus.Unhealthy, ServiceStatus.Impacted, ServiceStatus.Degraded, ServiceStatus.Maintenance, ServiceStatus.Unknown, ServiceStatus.Healthy];

    /// <summary>The response for a snapshot.</summary>
    public static ServiceResponse From(ServiceSnapshot s, DateTimeOffset now)
    {
        var spec = s.Spec;
        var p = spec.Probe;
        var probe = new ProbeResponse(
            p.Type.ToString().ToLowerInvariant(), Duration.Format(p.Interval), Duration.Format(p.Timeout),
            p.Url, p.Type == ProbeType.Http ? p.Method : null, [.. p.Headers.Keys.Order(StringComparer.Ordinal)], p.ExpectStatus,
            p.ExpectBody is { } b ? new BodyExpectationResponse(b.Contains, b.Path, b.EqualsValue) : null,
            p.Host, p.Port, p.Definition, p.Input);
        var t = spec.Thresholds;
        return new ServiceResponse(
            s.Name, spec.Description, spec.Owner, spec.Tags, probe, spec.DependsOn,
            new ThresholdsResponse(t.DegradedAfter, t.UnhealthyAfter, t.RecoverAfter, t.LatencyDegradedMs),
            s.Status, s.ProbeStatus, s.StatusSince, s.ImpactedBy,
            s.Maintenance is { } m ? new MaintenanceResponse(m.Until, m.Reason, m.SetBy, m.SetAt, now < m.Until) : null,
            From(s.LastProbe), s.ConsecutiveFailures, s.ConsecutivePasses, s.CreatedAt, s.UpdatedAt, s.CreatedBy,
            [.. s.Transitions.Select(From)],
            ServiceBaseUrl.Of(spec), Breaker(spec.Breaker ?? BreakerSettings.Default, s.Breaker));
    }

    private static BreakerResponse Breaker(BreakerSettings settings, BreakerSnapshot? state) => new(
        settings.FailureRatio, settings.MinimumThroughput, Duration.Format(settings.Sampling), Duration.Format(settings.Break),
        state?.State ?? BreakerState.Closed, state?.OpenUntil, state?.Successes ?? 0, state?.Failures ?? 0, state?.LastOpenedAt);

    /// <summary>The response for a probe result.</summary>
    public static ProbeResultResponse? From(ProbeResult? r) =>
        r is null ? null : new ProbeResultResponse(r.ScheduledAt, r.StartedAt, r.LatencyMs, r.Passed, r.StatusCode, r.Detail);

    /// <summary>The response for a transition.</summary>
    public static ServiceTransitionResponse From(ServiceTransition t) => new(t.At, t.From, t.To, t.ProbeStatus, t.Reason, From(t.Probe));

    /// <summary>The response for a health report.</summary>
    public static ServiceHealthResponse From(ServiceHealthReport r) => new(
        r.Name, r.Status, r.Uptime24h, r.Uptime7d, [.. r.Recent.Select(p => From(p)!)],
        [.. r.Minutes.Select(m => new ServiceMinuteResponse(m.Minute, m.Count, m.Failures, m.P50Ms, m.P95Ms, m.MaxMs))],
        [.. r.Transitions.Select(From)]);

    /// <summary>Counts by status.</summary>
    public static StatusCountsResponse Counts(IReadOnlyCollection<ServiceStatus> statuses) => new(
        statuses.Count,
        statuses.Count(s => s == ServiceStatus.Unknown),
        statuses.Count(s => s == ServiceStatus.Healthy),
        statuses.Count(s => s == ServiceStatus.Degraded),
        statuses.Count(s => s == ServiceStatus.Unhealthy),
        statuses.Count(s => s == ServiceStatus.Maintenance),
        statuses.Count(s => s == ServiceStatus.Impacted));

    /// <summary>Roll-ups of services by a key (tags or owner), ordered by key.</summary>
    public static IReadOnlyList<ServiceGroupResponse> Groups(IEnumerable<ServiceFacet> services, Func<ServiceFacet, IEnumerable<string>> keys) =>
        [.. services
            .SelectMany(s => keys(s).Select(k => (Key: k, s.Status)))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var statuses = g.Select(x => x.Status).ToList();
                return new ServiceGroupResponse(g.Key, Severity.First(statuses.Contains), Counts(statuses));
            })];
}
