namespace Automation.Api.Contracts;

/// <summary>How many services are in each shown status.</summary>
/// <param name="Total">All of them.</param>
/// <param name="Unknown">Unknown.</param>
/// <param name="Healthy">Healthy.</param>
/// <param name="Degraded">Degraded.</param>
/// <param name="Unhealthy">Unhealthy.</param>
/// <param name="Maintenance">In maintenance.</param>
/// <param name="Impacted">Impacted by a dependency.</param>
public sealed record StatusCountsResponse(int Total, int Unknown, int Healthy, int Degraded, int Unhealthy, int Maintenance, int Impacted);
