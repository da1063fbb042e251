using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>The circuit breaker that http steps calling the service share. Unknown properties are rejected.</summary>
/// <param name="FailureRatio">The share of failed calls in the window that opens it: above 0, at most 1; default 0.5.</param>
/// <param name="MinimumThroughput">Calls in the window before the ratio counts: 2 to 10000; default 5.</param>
/// <param name="SamplingDuration">The window, e.g. <c>30s</c> (500 ms to 1 h); default 30 s.</param>
/// <param name="BreakDuration">How long it stays open before a trial call, e.g. <c>15s</c> (500 ms to 1 h); default 15 s.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BreakerRequest(
    [property: Description("Default 0.5.")] double? FailureRatio = null,
    [property: Description("Default 5.")] int? MinimumThroughput = null,
    [property: Description("Default 30s.")] string? SamplingDuration = null,
    [property: Description("Default 15s.")] string? BreakDuration = null);
