using Automation.Services;

namespace Automation.Grains.Services;

internal sealed partial class ServiceGrain
{
    /// <summary>
    /// Pushes the service's snapshot (latest transitions only) to the registry, one-way, after every probe result,
    /// registration and maintenance change: the list endpoint reads the registry's copies in one call. A report lost
    /// in membership churn is made up by the next probe's.
    /// </summary>
    private void ReportToRegistry() =>
        _ = GrainFactory.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key).ReportAsync(Snapshot(ServiceRegistryGrain.SummaryTransitions));
}
