namespace Automation.Api.Contracts;

/// <summary>Every known capability (served by an agent, limited, or with tasks queued), ordered by name.</summary>
/// <param name="Capabilities">The capabilities.</param>
public sealed record CapabilityListResponse(IReadOnlyList<CapabilityResponse> Capabilities);
