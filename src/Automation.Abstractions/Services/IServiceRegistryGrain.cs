using Automation.Definitions;
using Orleans.Concurrency;

namespace Automation.Services;

/// <summary>
/// Every registered service name and its <c>dependsOn</c> (one grain, key <see cref="Key"/>): listings need no table
/// scan, and dependency checks (unknown names, cycles) see every service at once. It also keeps, in memory, a recent
/// snapshot of each service that the service grains push on every change (<see cref="ReportAsync"/>), so the list is
/// one call whatever the number of services; a snapshot it lacks (after its own re-activation) is read from the
/// service's grain once.
/// </summary>
[Alias("automation.IServiceRegistryGrain")]
public interface IServiceRegistryGrain : IGrainWithStringKey
{
    /// <summary>The one key.</summary>
    const string Key = "all";

    /// <summary>Checks the dependencies and, when valid, records the service and its edges (before the service's first write).</summary>
    /// <param name="name">The service.</param>
    /// <param name="dependsOn">Its dependencies.</param>
    /// <returns>Errors located at <c>$.dependsOn[i]</c> (nothing recorded), or an empty list.</returns>
    [Alias("Register")]
    Task<IReadOnlyList<ValidationError>> RegisterAsync(string name, IReadOnlyList<string> dependsOn);

    /// <summary>
    /// Undoes a <see cref="RegisterAsync"/> whose service write failed, so that registration is all-or-nothing: puts back
    /// the previous dependencies, or removes a name that was new (unless another service came to depend on it since).
    /// </summary>
    /// <param name="name">The service.</param>
    /// <param name="previousDependsOn">Its dependencies before, or <see langword="null"/> when it did not exist.</param>
    /// <returns>A task.</returns>
    [Alias("Restore")]
    Task RestoreAsync(string name, IReadOnlyList<string>? previousDependsOn);

    /// <summary>Removes a service unless others depend on it.</summary>
    /// <param name="name">The service.</param>
    /// <returns>The services that depend on it (nothing removed), or an empty list.</returns>
    [Alias("Remove")]
    Task<IReadOnlyList<string>> RemoveAsync(string name);

    /// <summary>Lists the names in ordinal order.</summary>
    /// <returns>The names; a listed name whose grain has no state was being registered or deleted.</returns>
    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>A service's latest snapshot (one-way: a lost report is made up by the next probe's).</summary>
    /// <param name="snapshot">The snapshot, with its latest transitions only.</param>
    /// <returns>A task.</returns>
    [Alias("Report"), OneWay]
    Task ReportAsync(ServiceSnapshot snapshot);

    /// <summary>One page of the registered services, ordered by name, filtered, with every match's facets.</summary>
    /// <param name="query">The filters and page.</param>
    /// <returns>The page.</returns>
    [Alias("ListPage")]
    Task<ServiceListPage> ListPageAsync(ServiceListQuery query);

    /// <summary>Every registered service's snapshot, ordered by name (the dependency graph).</summary>
    /// <returns>The snapshots.</returns>
    [Alias("Snapshots")]
    Task<IReadOnlyList<ServiceSnapshot>> SnapshotsAsync();

    /// <summary>The services that name <paramref name="name"/> in their <c>dependsOn</c>.</summary>
    /// <param name="name">The service.</param>
    /// <returns>Their names.</returns>
    [Alias("Dependents")]
    Task<IReadOnlyList<string>> DependentsAsync(string name);
}
