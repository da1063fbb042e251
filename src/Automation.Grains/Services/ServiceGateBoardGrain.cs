using Automation.Services;

namespace Automation.Grains.Services;

/// <summary>
/// Every service's gate in one small state, written when a gate changes (registration, a move to or from Unhealthy,
/// the breaker opening or closing: rare). Silos read it at most once a second and only when the version moved.
/// </summary>
internal sealed class ServiceGateBoardGrain(
    [PersistentState("service-gates", StorageNames.Workflows)] IPersistentState<ServiceGateBoardState> state) : Grain, IServiceGateBoardGrain
{
    private ServiceGateTable? _table;

    async Task IServiceGateBoardGrain.SetAsync(ServiceGate gate)
    {
        if (state.State.Gates.TryGetValue(gate.Name, out var current) && current == gate)
        {
            return;
        }

        state.State.Gates[gate.Name] = gate;
        await WriteAsync(() =>
        {
            if (current is null)
            {
                state.State.Gates.Remove(gate.Name);
            }
            else
            {
                state.State.Gates[gate.Name] = current;
            }
        });
    }

    async Task IServiceGateBoardGrain.RemoveAsync(string name)
    {
        if (!state.State.Gates.Remove(name, out var current))
        {
            return;
        }

        await WriteAsync(() => state.State.Gates[name] = current);
    }

    Task<ServiceGateTable?> IServiceGateBoardGrain.GetAsync(long knownVersion)
    {
        if (knownVersion == state.State.Version)
        {
            return Task.FromResult<ServiceGateTable?>(null);
        }

        _table ??= new ServiceGateTable(state.State.Version, new Dictionary<string, ServiceGate>(state.State.Gates, StringComparer.Ordinal));
        return Task.FromResult<ServiceGateTable?>(_table);
    }

    /// <summary>Writes the change, undoing it in memory when the write fails (memory never runs ahead of storage).</summary>
    private async Task WriteAsync(Action undo)
    {
        state.State.Version++;
        _table = null;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Undo, and move the version again: a silo that read the unwritten table must read the table again.
            undo();
            state.State.Version++;
            throw;
        }
    }
}
