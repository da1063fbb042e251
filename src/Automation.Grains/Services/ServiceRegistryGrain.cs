using Automation.Definitions;
using Automation.Engine.Services;
using Automation.Services;

namespace Automation.Grains.Services;

/// <summary>Keeps every service name with its dependencies in one small state: listings, dependency checks and dependents.</summary>
internal sealed class ServiceRegistryGrain(
    [PersistentState("service-registry", StorageNames.Workflows)] IPersistentState<ServiceRegistryState> state) : Grain, IServiceRegistryGrain
{
    private SortedDictionary<string, List<string>> Services => state.State.Services;

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
