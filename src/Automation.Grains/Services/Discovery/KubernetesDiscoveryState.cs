namespace Automation.Grains.Services.Discovery;

/// <summary>Persisted state of Kubernetes discovery: the services it registered, with the JSON of the registration it made.</summary>
[GenerateSerializer, Alias("automation.grains.KubernetesDiscoveryState")]
public sealed class KubernetesDiscoveryState
{
    /// <summary>Service name → the registration's JSON as discovery last made it.</summary>
    [Id(0)] public Dictionary<string, string> Registered { get; set; } = new(StringComparer.Ordinal);
}
