using Orleans.Concurrency;

namespace Automation.Operations;

/// <summary>
/// The cluster's silos as the silo that answers sees them now (its membership view), without reading the membership
/// table: what the system overview shows when PostgreSQL is down. A stateless worker, so the gateway silo answers.
/// </summary>
[Alias("automation.IClusterMembersGrain")]
public interface IClusterMembersGrain : IGrainWithIntegerKey
{
    /// <summary>Reads the answering silo's membership view.</summary>
    /// <returns>Every silo in the view, whatever its status.</returns>
    [Alias("Get"), ReadOnly]
    Task<ClusterMemberView[]> GetAsync();
}
