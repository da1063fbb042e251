using System.Text.Json;

namespace Automation.Services;

/// <summary>How and how often a service is probed.</summary>
/// <param name="Type">http, tcp or workflow.</param>
/// <param name="Interval">Time between probe starts (at least the configured minimum, 1 s by default).</param>
/// <param name="Timeout">How long one probe may take (at most <paramref name="Interval"/>); a slower probe fails.</param>
[GenerateSerializer, Immutable, Alias("automation.ProbeSpec")]
public sealed record ProbeSpec(
    [property: Id(0)] ProbeType Type,
    [property: Id(1)] TimeSpan Interval,
    [property: Id(2)] TimeSpan Timeout)
{
    /// <summary>http: the absolute http(s) URL.</summary>
    [Id(3)] public string? Url { get; init; }

    /// <summary>http: the method; default GET.</summary>
    [Id(4)] public string Method { get; init; } = "GET";

    /// <summary>http: request headers.</summary>
    [Id(5)] public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>http: statuses that pass, as codes (<c>"204"</c>) and classes (<c>"2xx"</c>); empty means 2xx.</summary>
    [Id(6)] public IReadOnlyList<string> ExpectStatus { get; init; } = [];

    /// <summary>http: what the body must hold, or <see langword="null"/>.</summary>
    [Id(7)] public BodyExpectation? ExpectBody { get; init; }

    /// <summary>tcp: the host name or address.</summary>
    [Id(8)] public string? Host { get; init; }

    /// <summary>tcp: the port.</summary>
    [Id(9)] public int? Port { get; init; }

    /// <summary>workflow: the definition to start.</summary>
    [Id(10)] public string? Definition { get; init; }

    /// <summary>workflow: the input of each probe workflow; <c>{}</c> when omitted.</summary>
    [Id(11)] public JsonElement? Input { get; init; }
}
