using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>PUT /api/v1/capabilities/{name}/limits</c>. Unknown properties are rejected; null (or omitted) removes a limit.</summary>
/// <param name="MaxConcurrency">Most tasks leased at once across all partitions, 1–100000.</param>
/// <param name="MaxDispatchPerSecond">Most leases per second, above 0 and at most 100000.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutCapabilityLimitsRequest(int? MaxConcurrency = null, double? MaxDispatchPerSecond = null);
