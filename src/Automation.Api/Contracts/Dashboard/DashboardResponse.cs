using System.ComponentModel;

namespace Automation.Api.Contracts;

/// <summary>The console's home page in one answer; a section the caller may not read is null and named in <c>omitted</c>.</summary>
/// <param name="Window">The window asked for, e.g. <c>1h</c>.</param>
/// <param name="GeneratedAt">When the answer was computed.</param>
/// <param name="Workflows">Workflow activity in the window (needs <c>workflows:read</c> for every definition).</param>
/// <param name="Services">Monitored services by status (needs <c>services:read</c>).</param>
/// <param name="Alerts">Unresolved alerts (needs <c>alerts:read</c>).</param>
/// <param name="Capabilities">Agent task queues by capability (needs <c>agents:read</c>).</param>
/// <param name="Omitted">The sections left out, each with the permission it needs.</param>
public sealed record DashboardResponse(
    [property: Description("The window asked for: 15m, 1h, 6h or 24h.")] string Window,
    DateTimeOffset GeneratedAt,
    DashboardWorkflowsResponse? Workflows,
    StatusCountsResponse? Services,
    DashboardAlertsResponse? Alerts,
    IReadOnlyList<CapabilityResponse>? Capabilities,
    IReadOnlyList<OmittedSectionResponse> Omitted);
