using Orleans.Concurrency;

namespace Automation.Agents;

/// <summary>One capability, keyed by its name: its limits (persisted) and the permits its queue partitions lease under.</summary>
[Alias("automation.ICapabilityGrain")]
public interface ICapabilityGrain : IGrainWithStringKey
{
    /// <summary>Reads the limits.</summary>
    /// <returns>The limits (both <see langword="null"/> when none are set).</returns>
    [Alias("GetLimits"), AlwaysInterleave]
    Task<CapabilityLimits> GetLimitsAsync();

    /// <summary>How many queue partitions each capability has (the silos' setting).</summary>
    /// <returns>The number of partitions.</returns>
    [Alias("GetPartitions"), AlwaysInterleave]
    Task<int> GetPartitionsAsync();

    /// <summary>Sets the limits and tells the partitions.</summary>
    /// <param name="limits">The limits.</param>
    /// <returns>A task that completes when they are stored.</returns>
    [Alias("SetLimits")]
    Task SetLimitsAsync(CapabilityLimits limits);

    /// <summary>Grants a partition that holds <paramref name="leased"/> leases up to <paramref name="requested"/> more.</summary>
    /// <param name="partition">The partition.</param>
    /// <param name="leased">Its leases now.</param>
    /// <param name="requested">How many more it wants.</param>
    /// <returns>How many it may lease.</returns>
    [Alias("Acquire")]
    Task<int> AcquireAsync(int partition, int leased, int requested);

    /// <summary>A partition's lease count changed.</summary>
    /// <param name="partition">The partition.</param>
    /// <param name="leased">Its leases now.</param>
    /// <returns>A task that completes when the count is recorded.</returns>
    [Alias("ReportLeased")]
    Task ReportLeasedAsync(int partition, int leased);
}
