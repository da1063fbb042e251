using Automation.Services;

namespace Automation.Engine.Services;

/// <summary>A Kubernetes Service mapped to a monitored service registration.</summary>
/// <param name="Name">The monitored service's name.</param>
/// <param name="Source">Where it comes from, <c>namespace/name</c>.</param>
/// <param name="Spec">The registration.</param>
public sealed record DiscoveredService(string Name, string Source, ServiceSpec Spec);
