using Automation.Services;

namespace Automation.Engine.Services;

/// <summary>A change of the shown status.</summary>
/// <param name="From">The status before.</param>
/// <param name="To">The status after.</param>
/// <param name="Reason">Why, in plain words.</param>
public sealed record HealthChange(ServiceStatus From, ServiceStatus To, string Reason);
