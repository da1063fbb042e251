namespace Automation.Grains.Services;

/// <summary>Persisted state of the service registry: every service name and its dependencies.</summary>
[GenerateSerializer, Alias("automation.grains.ServiceRegistryState")]
public sealed class ServiceRegistryState
{
    /// <summary>Service name → the names it depends on.</summary>
    [Id(0)] public SortedDictionary<string, List<string>> Services { get; set; } = new(StringComparer.Ordinal);
}
