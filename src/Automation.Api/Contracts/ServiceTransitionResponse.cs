using Automation.Services;

namespace Automation.Api.Contracts;

/// <summary>One change of a service's shown status.</summary>
/// <param name="At">When.</param>
/// <param name="From">The status before.</param>
/// <param name="To">The status after.</param>
/// <param name="ProbeStatus">The status from its own probes at that moment.</param>
/// <param name="Reason">Why.</param>
/// <param name="Probe">The probe result that caused it, or <see langword="null"/>.</param>
public sealed record ServiceTransitionResponse(DateTimeOffset At, ServiceStatus From, ServiceStatus To, ServiceStatus ProbeStatus, string Reason, ProbeResultResponse? Probe);
