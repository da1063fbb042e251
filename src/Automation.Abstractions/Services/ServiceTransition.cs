namespace Automation.Services;

/// <summary>One change of a service's shown status, as recorded in its state and in PostgreSQL and published to <see cref="IServiceTransitionSink"/>.</summary>
/// <param name="Service">The service name.</param>
/// <param name="From">The status before.</param>
/// <param name="To">The status after.</param>
/// <param name="Reason">Why, in plain words (e.g. "3 consecutive failures (unhealthyAfter 3): HTTP 503").</param>
/// <param name="At">When.</param>
/// <param name="Probe">The probe result that caused it; <see langword="null"/> for API-driven changes (maintenance, dependency).</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceTransition")]
public sealed record ServiceTransition(
    [property: Id(0)] string Service,
    [property: Id(1)] ServiceStatus From,
    [property: Id(2)] ServiceStatus To,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] ProbeResult? Probe)
{
    /// <summary>The status from the service's own probes at that moment (differs from <see cref="To"/> under Maintenance or Impacted).</summary>
    [Id(6)] public ServiceStatus ProbeStatus { get; init; }
}
