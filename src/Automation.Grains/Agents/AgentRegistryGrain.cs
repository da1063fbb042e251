using Automation.Agents;

namespace Automation.Grains.Agents;

/// <summary>The agent ids and capability names, for listing. Written only when a set changes.</summary>
internal sealed class AgentRegistryGrain(
    [PersistentState("agent-registry", StorageNames.Workflows)] IPersistentState<AgentRegistryState> state) : Grain, IAgentRegistryGrain
{
    async Task IAgentRegistryGrain.AddAgentAsync(string agentId, IReadOnlyList<string> capabilities)
    {
        var added = state.State.Agents.Add(agentId);
        var newCapabilities = capabilities.Where(state.State.Capabilities.Add).ToList();
        if (added || newCapabilities.Count > 0)
        {
            await WriteAsync(() =>
            {
                if (added)
                {
                    state.State.Agents.Remove(agentId);
                }

                state.State.Capabilities.ExceptWith(newCapabilities);
            });
        }
    }

    async Task IAgentRegistryGrain.RemoveAgentAsync(string agentId)
    {
        if (state.State.Agents.Remove(agentId))
        {
            await WriteAsync(() => state.State.Agents.Add(agentId));
        }
    }

    async Task IAgentRegistryGrain.AddCapabilityAsync(string capability)
    {
        if (state.State.Capabilities.Add(capability))
        {
            await WriteAsync(() => state.State.Capabilities.Remove(capability));
        }
    }

    Task<IReadOnlyList<string>> IAgentRegistryGrain.ListAgentsAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Agents]);

    Task<IReadOnlyList<string>> IAgentRegistryGrain.ListCapabilitiesAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Capabilities]);

    private async Task WriteAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo(); // memory never runs ahead of storage
            throw;
        }
    }
}
