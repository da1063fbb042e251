namespace Automation.Services;

/// <summary>
/// Kubernetes service discovery (one grain, key <see cref="Key"/>, so one silo runs it): lists the labelled Services of
/// the namespace on an interval (a grain timer, and a reminder that re-activates it after a silo loss) and registers,
/// updates and removes the monitored services it discovered, never one registered by hand.
/// </summary>
[Alias("automation.IKubernetesDiscoveryGrain")]
public interface IKubernetesDiscoveryGrain : IGrainWithStringKey
{
    /// <summary>The one key.</summary>
    const string Key = "kubernetes";

    /// <summary>Starts the loop if discovery is enabled (idempotent; each silo calls it at start-up).</summary>
    /// <returns>A task.</returns>
    [Alias("EnsureStarted")]
    Task EnsureStartedAsync();

    /// <summary>Lists the Services now and applies the differences (the loop calls it on its interval).</summary>
    /// <returns>What changed.</returns>
    [Alias("Sync")]
    Task<DiscoverySyncResult> SyncAsync();
}
