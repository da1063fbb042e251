namespace Automation.Api.Contracts;

/// <summary>The unresolved alerts.</summary>
/// <param name="Open">Open (not acknowledged).</param>
/// <param name="Acknowledged">Acknowledged, not resolved.</param>
/// <param name="Critical">Unresolved and critical.</param>
/// <param name="Latest">The newest unresolved alerts (at most 5), newest first.</param>
public sealed record DashboardAlertsResponse(int Open, int Acknowledged, int Critical, IReadOnlyList<AlertResponse> Latest);
