using System.Text.Json;

namespace Automation.Api.Contracts;

/// <summary>A service's probe as registered (defaults filled in).</summary>
/// <param name="Type">http, tcp or workflow.</param>
/// <param name="Interval">Time between probes, e.g. <c>30s</c>.</param>
/// <param name="Timeout">How long one probe may take.</param>
/// <param name="Url">http: the URL.</param>
/// <param name="Method">http: the method.</param>
/// <param name="Headers">http: the request headers' names (values are not echoed: they may be tokens).</param>
/// <param name="ExpectStatus">http: passing statuses; empty means 2xx.</param>
/// <param name="ExpectBody">http: the body check, or <see langword="null"/>.</param>
/// <param name="Host">tcp: the host.</param>
/// <param name="Port">tcp: the port.</param>
/// <param name="Definition">workflow: the definition.</param>
/// <param name="Input">workflow: the input.</param>
public sealed record ProbeResponse(
    string Type, string Interval, string Timeout, string? Url, string? Method, IReadOnlyList<string> Headers,
    IReadOnlyList<string> ExpectStatus, BodyExpectationResponse? ExpectBody, string? Host, int? Port, string? Definition, JsonElement? Input);
