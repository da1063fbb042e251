using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>PUT /api/v1/services/{name}</c>. Unknown properties are rejected.</summary>
/// <param name="Probe">How the service is probed (required).</param>
/// <param name="Description">Free text (at most 1,000 characters).</param>
/// <param name="Owner">The owning team or person, for roll-ups (at most 100 characters).</param>
/// <param name="Tags">Labels for filters and roll-ups (at most 20).</param>
/// <param name="DependsOn">Registered services this one needs (at most 50); no cycles.</param>
/// <param name="Thresholds">When probe results change the status; defaults when omitted.</param>
/// <param name="BaseUrl">The base URL http step calls are matched on (absolute http(s), no query); default the origin of an http probe's URL.</param>
/// <param name="Breaker">The circuit breaker shared with http steps; defaults when omitted.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutServiceRequest(
    ProbeRequest? Probe,
    [property: Description("Free text.")] string? Description = null,
    [property: Description("The owning team or person.")] string? Owner = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyList<string>? DependsOn = null,
    ThresholdsRequest? Thresholds = null,
    [property: Description("Base URL of http step calls that go through this service's breaker.")] string? BaseUrl = null,
    BreakerRequest? Breaker = null);
