using Automation.Services;

namespace Automation.Api.Contracts;

/// <summary>The health of the services sharing a tag or an owner.</summary>
/// <param name="Key">The tag or owner.</param>
/// <param name="Status">The worst shown status among them (Unhealthy, Impacted, Degraded, Maintenance, Unknown, Healthy in that order).</param>
/// <param name="Counts">How many are in each status.</param>
public sealed record ServiceGroupResponse(string Key, ServiceStatus Status, StatusCountsResponse Counts);
