using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>When probe results change a service's status. Unknown properties are rejected.</summary>
/// <param name="DegradedAfter">Consecutive failures that make a Healthy service Degraded; default 1.</param>
/// <param name="UnhealthyAfter">Consecutive failures that make it Unhealthy; default 3; at least degradedAfter.</param>
/// <param name="RecoverAfter">Consecutive passes that bring it back to Healthy; default 2.</param>
/// <param name="LatencyDegradedMs">A passing probe slower than this many milliseconds makes it Degraded; default none.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ThresholdsRequest(
    [property: Description("Default 1.")] int? DegradedAfter = null,
    [property: Description("Default 3.")] int? UnhealthyAfter = null,
    [property: Description("Default 2.")] int? RecoverAfter = null,
    [property: Description("Default none.")] int? LatencyDegradedMs = null);
