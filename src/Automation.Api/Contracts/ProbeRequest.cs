using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>How a service is probed. Unknown properties are rejected.</summary>
/// <param name="Type">http, tcp or workflow.</param>
/// <param name="Url">http: an absolute http(s) URL.</param>
/// <param name="Method">http: the method; default GET.</param>
/// <param name="Headers">http: request headers.</param>
/// <param name="ExpectStatus">http: passing statuses as codes and classes, e.g. <c>[200, "3xx"]</c>; default 2xx.</param>
/// <param name="ExpectBody">http: a substring the body must contain, or <c>{ "path": "$.status", "equals": "ok" }</c>.</param>
/// <param name="Host">tcp: the host.</param>
/// <param name="Port">tcp: the port.</param>
/// <param name="Definition">workflow: the definition each probe starts; Completed passes.</param>
/// <param name="Input">workflow: the input of each probe workflow; default <c>{}</c>.</param>
/// <param name="Timeout">How long one probe may take, e.g. <c>2s</c>; default the smaller of 5s and the interval; at most the interval.</param>
/// <param name="Interval">Time between probes, e.g. <c>30s</c> (default); at least the configured minimum (1s by default), at most 1h.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ProbeRequest(
    [property: Description("http, tcp or workflow.")] string? Type,
    [property: Description("http: an absolute http(s) URL.")] string? Url = null,
    [property: Description("http: the method; default GET.")] string? Method = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    [property: Description("http: passing statuses such as [200, \"3xx\"]; default 2xx.")] JsonElement? ExpectStatus = null,
    [property: Description("http: a substring, or { path, equals }.")] JsonElement? ExpectBody = null,
    [property: Description("tcp: the host.")] string? Host = null,
    [property: Description("tcp: the port.")] int? Port = null,
    [property: Description("workflow: the definition to start.")] string? Definition = null,
    JsonElement? Input = null,
    [property: Description("Duration such as 2s.")] string? Timeout = null,
    [property: Description("Duration such as 30s.")] string? Interval = null);
