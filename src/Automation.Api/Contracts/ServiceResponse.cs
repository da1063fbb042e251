using Automation.Services;

namespace Automation.Api.Contracts;

/// <summary>A monitored service: its registration and its health now.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Description">Free text.</param>
/// <param name="Owner">The owner.</param>
/// <param name="Tags">Labels.</param>
/// <param name="Probe">The probe.</param>
/// <param name="DependsOn">Its dependencies.</param>
/// <param name="Thresholds">The thresholds.</param>
/// <param name="Status">The shown status (Maintenance and Impacted override probeStatus).</param>
/// <param name="ProbeStatus">The status from its own probes alone.</param>
/// <param name="StatusSince">When the shown status last changed.</param>
/// <param name="ImpactedBy">Dependencies that are Unhealthy or Impacted.</param>
/// <param name="Maintenance">The maintenance window, while set.</param>
/// <param name="LastProbe">The latest probe result.</param>
/// <param name="ConsecutiveFailures">Failures in a row.</param>
/// <param name="ConsecutivePasses">Passes in a row.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="UpdatedAt">When its registration last changed.</param>
/// <param name="CreatedBy">Who registered it.</param>
/// <param name="Transitions">The latest transitions, newest first (at most 100; see /health for 7 days).</param>
/// <param name="BaseUrl">The base URL http step calls are matched on (declared, or the origin of the http probe's URL); null when only the step's <c>service</c> field selects it.</param>
/// <param name="Breaker">The circuit breaker shared with http steps.</param>
public sealed record ServiceResponse(
    string Name, string? Description, string? Owner, IReadOnlyList<string> Tags, ProbeResponse Probe, IReadOnlyList<string> DependsOn,
    ThresholdsResponse Thresholds, ServiceStatus Status, ServiceStatus ProbeStatus, DateTimeOffset? StatusSince, IReadOnlyList<string> ImpactedBy,
    MaintenanceResponse? Maintenance, ProbeResultResponse? LastProbe, int ConsecutiveFailures, int ConsecutivePasses,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? CreatedBy, IReadOnlyList<ServiceTransitionResponse> Transitions,
    string? BaseUrl = null, BreakerResponse? Breaker = null);
