using Orleans.Concurrency;

namespace Automation.Services;

/// <summary>
/// The gates of every service (one grain, key <see cref="Key"/>): service grains push a gate when it changes, and
/// each silo reads the whole table at most once a second, only when its version moved, so that an <c>http</c> step
/// needs no grain call of its own to learn whether its service is available.
/// </summary>
[Alias("automation.IServiceGateBoardGrain")]
public interface IServiceGateBoardGrain : IGrainWithStringKey
{
    /// <summary>The one key.</summary>
    const string Key = "all";

    /// <summary>Records a service's gate (idempotent).</summary>
    /// <param name="gate">The gate.</param>
    /// <returns>A task.</returns>
    [Alias("Set")]
    Task SetAsync(ServiceGate gate);

    /// <summary>Forgets a deleted service.</summary>
    /// <param name="name">The service.</param>
    /// <returns>A task.</returns>
    [Alias("Remove")]
    Task RemoveAsync(string name);

    /// <summary>The table, unless the caller already has its version.</summary>
    /// <param name="knownVersion">The version the caller holds; -1 for none.</param>
    /// <returns>The table, or <see langword="null"/> when <paramref name="knownVersion"/> is current.</returns>
    [Alias("Get"), AlwaysInterleave]
    Task<ServiceGateTable?> GetAsync(long knownVersion);
}
