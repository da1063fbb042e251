namespace Automation.Agents;

/// <summary>The registry of agent ids and known capability names, for listing; keyed <see cref="Key"/>.</summary>
[Alias("automation.IAgentRegistryGrain")]
public interface IAgentRegistryGrain : IGrainWithStringKey
{
    /// <summary>The single registry's key.</summary>
    const string Key = "all";

    /// <summary>Adds an agent and its capabilities.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="capabilities">Its capabilities.</param>
    /// <returns>A task that completes when stored.</returns>
    [Alias("AddAgent")]
    Task AddAgentAsync(string agentId, IReadOnlyList<string> capabilities);

    /// <summary>Removes an agent.</summary>
    /// <param name="agentId">The agent.</param>
    /// <returns>A task that completes when stored.</returns>
    [Alias("RemoveAgent")]
    Task RemoveAgentAsync(string agentId);

    /// <summary>Adds a capability name (limits set, or tasks queued for it).</summary>
    /// <param name="capability">The capability.</param>
    /// <returns>A task that completes when stored.</returns>
    [Alias("AddCapability")]
    Task AddCapabilityAsync(string capability);

    /// <summary>Lists agent ids.</summary>
    /// <returns>The ids, sorted.</returns>
    [Alias("ListAgents")]
    Task<IReadOnlyList<string>> ListAgentsAsync();

    /// <summary>Lists capability names.</summary>
    /// <returns>The names, sorted.</returns>
    [Alias("ListCapabilities")]
    Task<IReadOnlyList<string>> ListCapabilitiesAsync();
}
