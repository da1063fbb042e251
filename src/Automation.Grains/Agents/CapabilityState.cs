using Automation.Agents;

namespace Automation.Grains.Agents;

/// <summary>Persisted state of a <see cref="CapabilityGrain"/>: its limits.</summary>
[GenerateSerializer, Alias("automation.grains.CapabilityState")]
public sealed class CapabilityState
{
    /// <summary>The limits.</summary>
    [Id(0)] public CapabilityLimits Limits { get; set; } = CapabilityLimits.None;
}
