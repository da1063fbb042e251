using Automation.Definitions;
using Automation.Engine.Services;
using Automation.Services;

namespace Automation.Grains.Services;

/// <summary>
/// Keeps every service name with its dependencies in one small state (dependency checks and dependents), and in memory
/// each service's latest snapshot as its grain pushes it: the list and the graph are one call.
/// </summary>
internal sealed class ServiceRegistryGrain(
    [PersistentState("service-registry", StorageNames.Workflows)] IPersistentState<ServiceRegistryState> state) : Grain, IServiceRegistryGrain
{
    /// <summary>Transitions kept per pushed snapshot (the service's own GET has 100).</summary>
    internal const int SummaryTransitions = 5;

    private readonly Dictionary<string, ServiceSnapshot> _snapshots = new(StringComparer.Ordinal);

    private SortedDictionary<string, List<string>> Services => state.State.Services;

    Task IServiceRegistryGrain.ReportAsync(ServiceSnapshot snapshot)
    {
        if (Services.ContainsKey(snapshot.Name))
        {
            _snapshots[snapshot.Name] = Trim(snapshot);
        }

        return Task.CompletedTask;
    }

    async Task<ServiceListPage> IServiceRegistryGrain.ListPageAsync(ServiceListQuery query)
    {
        var all = await AllSnapshotsAsync();
        var matching = all
            .Where(s => query.Status is null || s.Status == query.Status)
            .Where(s => query.Tag is null || s.Spec.Tags.Contains(query.Tag, StringComparer.Ordinal))
            .Where(s => query.Owner is null || s.Spec.Owner == query.Owner)
            .ToList();
        var page = matching.Where(s => query.After is null || string.CompareOrdinal(s.Name, query.After) > 0).Take(query.Limit + 1).ToList();
        var more = page.Count > query.Limit;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }

        return new ServiceListPage(page, [.. matching.Select(s => new ServiceFacet(s.Status, s.Spec.Tags, s.Spec.Owner))], more ? page[^1].Name : null);
    }

    async Task<IReadOnlyList<ServiceSnapshot>> IServiceRegistryGrain.SnapshotsAsync() => await AllSnapshotsAsync();

    /// <summary>Every registered service's snapshot in name order, reading from its grain only those never pushed here.</summary>
    private async Task<List<ServiceSnapshot>> AllSnapshotsAsync()
    {
        var missing = Services.Keys.Where(n => !_snapshots.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            // GetAsync interleaves: a service grain waiting on this registry (a PUT) still answers.
            var read = await Task.WhenAll(missing.Select(n => GrainFactory.GetGrain<IServiceGrain>(n).GetAsync()));
            foreach (var snapshot in read.OfType<ServiceSnapshot>())
            {
                if (Services.ContainsKey(snapshot.Name) && !_snapshots.ContainsKey(snapshot.Name))
                {
                    _snapshots[snapshot.Name] = Trim(snapshot);
                }
            }
        }

        // A listed name without a snapshot has no state yet (being registered): it is not shown.
        return [.. Services.Keys.Select(n => _snapshots.GetValueOrDefault(n)).OfType<ServiceSnapshot>()];
    }

    private static ServiceSnapshot Trim(ServiceSnapshot snapshot) =>
        snapshot.Transitions.Count <= SummaryTransitions ? snapshot : snapshot with { Transitions = [.. snapshot.Transitions.Take(SummaryTransitions)] };

    async Task<IReadOnlyList<ValidationError>> IServiceRegistryGrain.RegisterAsync(string name, IReadOnlyList<string> dependsOn)
    {
        var graph = Services.ToDictionary(s => s.Key, s => (IReadOnlyList<string>)s.Value, StringComparer.Ordinal);
        var errors = ServiceDependencies.Check(name, dependsOn, graph);
        if (errors.Count > 0)
        {
            return errors;
        }

        Services.TryGetValue(name, out var previous);
        if (previous is not null && previous.SequenceEqual(dependsOn, StringComparer.Ordinal))
        {
            return [];
        }

        Services[name] = [.. dependsOn];
        await WriteAsync(() =>
        {
            if (previous is null)
            {
                Services.Remove(name);
            }
            else
            {
                Services[name] = previous;
            }
        });
        return [];
    }

    async Task IServiceRegistryGrain.RestoreAsync(string name, IReadOnlyList<string>? previousDependsOn)
    {
        Services.TryGetValue(name, out var current);
        if (previousDependsOn is null)
        {
            if (current is null || Dependents(name).Count > 0)
            {
                return;
            }

            Services.Remove(name);
            _snapshots.Remove(name);
            await WriteAsync(() => Services[name] = current);
            return;
        }

        if (current is not null && current.SequenceEqual(previousDependsOn, StringComparer.Ordinal))
        {
            return;
        }

        Services[name] = [.. previousDependsOn];
        await WriteAsync(() =>
        {
            if (current is null)
            {
                Services.Remove(name);
            }
            else
            {
                Services[name] = current;
            }
        });
    }

    async Task<IReadOnlyList<string>> IServiceRegistryGrain.RemoveAsync(string name)
    {
        var dependents = Dependents(name);
        if (dependents.Count > 0 || !Services.Remove(name, out var previous))
        {
            return dependents;
        }

        _snapshots.Remove(name);
        await WriteAsync(() => Services[name] = previous);
        return [];
    }

    Task<IReadOnlyList<string>> IServiceRegistryGrain.ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. Services.Keys]);

    Task<IReadOnlyList<string>> IServiceRegistryGrain.DependentsAsync(string name) => Task.FromResult(Dependents(name));

    private IReadOnlyList<string> Dependents(string name) => [.. Services.Where(s => s.Value.Contains(name, StringComparer.Ordinal)).Select(s => s.Key)];

    private async Task WriteAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory never runs ahead of storage.
            undo();
            throw;
        }
    }
}
