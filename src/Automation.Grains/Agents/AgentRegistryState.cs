namespace Automation.Grains.Agents;

/// <summary>Persisted state of the <see cref="AgentRegistryGrain"/>.</summary>
[GenerateSerializer, Alias("automation.grains.AgentRegistryState")]
public sealed class AgentRegistryState
{
    /// <summary>Registered agent ids.</summary>
    [Id(0)] public SortedSet<string> Agents { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Known capability names.</summary>
    [Id(1)] public SortedSet<string> Capabilities { get; set; } = new(StringComparer.Ordinal);
}
