using Automation.Operations;
using Orleans.Concurrency;

namespace Automation.Grains.Operations;

/// <summary>
/// Answers from <see cref="IClusterMembershipService.CurrentSnapshot"/>: the membership view this silo keeps in
/// memory. Unlike <c>IManagementGrain.GetDetailedHosts</c> it does not refresh from the membership table first, so it
/// answers while PostgreSQL is down.
/// </summary>
/// <param name="membership">This silo's membership service.</param>
[StatelessWorker]
internal sealed class ClusterMembersGrain(IClusterMembershipService membership) : Grain, IClusterMembersGrain
{
    Task<ClusterMemberView[]> IClusterMembersGrain.GetAsync() =>
        Task.FromResult(membership.CurrentSnapshot.Members.Values
            .Select(m => new ClusterMemberView(m.SiloAddress, m.Name, m.Status))
            .ToArray());
}
