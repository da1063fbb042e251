using Automation.Services;

namespace Automation.Api.Contracts;

/// <summary>A service in the dependency graph.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Status">The shown status.</param>
/// <param name="ProbeStatus">The status from its own probes.</param>
/// <param name="Owner">The owner.</param>
/// <param name="Tags">Labels.</param>
public sealed record ServiceNodeResponse(string Name, ServiceStatus Status, ServiceStatus ProbeStatus, string? Owner, IReadOnlyList<string> Tags);
