using System.Globalization;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Services;

namespace Automation.Api.Apis;

internal static partial class ServiceRequestParser
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "OPTIONS"];

    private static ProbeSpec? ParseProbe(ProbeRequest? request, List<(string, string)> errors)
    {
        if (request is null)
        {
            errors.Add(("$.probe", "Required: { type: http | tcp | workflow, ... }."));
            return null;
        }

        ProbeType? type = request.Type switch
        {
            "http" => ProbeType.Http,
            "tcp" => ProbeType.Tcp,
            "workflow" => ProbeType.Workflow,
            _ => null,
        };
        if (type is null)
        {
            errors.Add(("$.probe.type", $"'{request.Type}' is not allowed; use http, tcp or workflow."));
        }

        var errorCount = errors.Count;
        var interval = ParseDuration(request.Interval, "$.probe.interval", MaxInterval, errors) ?? DefaultInterval;
        var timeout = ParseDuration(request.Timeout, "$.probe.timeout", MaxInterval, errors) ?? (DefaultTimeout < interval ? DefaultTimeout : interval);
        if (timeout > interval)
        {
            errors.Add(("$.probe.timeout", $"Must be at most the interval ({Duration.Format(interval)}); got {Duration.Format(timeout)}."));
        }

        Only(type == ProbeType.Http, request.Url, "$.probe.url", "http", errors);
        Only(type == ProbeType.Http, request.Method, "$.probe.method", "http", errors);
        Only(type == ProbeType.Http, request.Headers, "$.probe.headers", "http", errors);
        Only(type == ProbeType.Http, request.ExpectStatus, "$.probe.expectStatus", "http", errors);
        Only(type == ProbeType.Http, request.ExpectBody, "$.probe.expectBody", "http", errors);
        Only(type == ProbeType.Tcp, request.Host, "$.probe.host", "tcp", errors);
        Only(type == ProbeType.Tcp, request.Port, "$.probe.port", "tcp", errors);
        Only(type == ProbeType.Workflow, request.Definition, "$.probe.definition", "workflow", errors);
        Only(type == ProbeType.Workflow, request.Input, "$.probe.input", "workflow", errors);

        var spec = new ProbeSpec(type ?? ProbeType.Http, interval, timeout);
        switch (type)
        {
            case ProbeType.Http:
                spec = Http(spec, request, errors);
                break;
            case ProbeType.Tcp:
                if (string.IsNullOrWhiteSpace(request.Host) || request.Host.Length > 253 || Uri.CheckHostName(request.Host) == UriHostNameType.Unknown)
                {
                    errors.Add(("$.probe.host", "Required with type tcp: a host name or IP address."));
                }

                if (request.Port is not (>= 1 and <= 65535))
                {
                    errors.Add(("$.probe.port", "Required with type tcp: a port from 1 to 65535."));
                }

                spec = spec with { Host = request.Host, Port = request.Port };
                break;
            case ProbeType.Workflow:
                if (!ResourceNames.IsDefinitionName(request.Definition))
                {
                    errors.Add(("$.probe.definition", $"Required with type workflow: a definition name ({ResourceNames.DefinitionNameRule})."));
                }

                spec = spec with { Definition = request.Definition, Input = request.Input?.Clone() };
                break;
        }

        return errors.Count > errorCount || type is null ? null : spec;
    }

    private static ProbeSpec Http(ProbeSpec spec, ProbeRequest request, List<(string, string)> errors)
    {
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add(("$.probe.url", "Required with type http: an absolute http:// or https:// URL."));
        }

        var method = (request.Method ?? "GET").ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            errors.Add(("$.probe.method", $"'{request.Method}' is not allowed; use {string.Join(", ", Methods)}."));
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
            {
                errors.Add(($"$.probe.headers.{name}", "Not a valid header name."));
            }
            else if (value is null || value.Any(c => c is '\r' or '\n' or '\0'))
            {
                errors.Add(($"$.probe.headers.{name}", "Must be a string without line breaks."));
            }
            else
            {
                headers[name] = value;
            }
        }

        var expectStatus = new List<string>();
        if (request.ExpectStatus is { } statuses)
        {
            if (statuses.ValueKind != JsonValueKind.Array || statuses.GetArrayLength() == 0)
            {
                errors.Add(("$.probe.expectStatus", "Must be a non-empty array of status codes or classes such as [200, \"3xx\"]."));
            }
            else
            {
                var i = 0;
                foreach (var item in statuses.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var code) && code is >= 100 and <= 599)
                    {
                        expectStatus.Add(code.ToString(CultureInfo.InvariantCulture));
                    }
                    else if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: 3 } s && s[0] is >= '1' and <= '5' && s.EndsWith("xx", StringComparison.OrdinalIgnoreCase))
                    {
                        expectStatus.Add(s[0] + "xx");
                    }
                    else
                    {
                        errors.Add(($"$.probe.expectStatus[{i}]", "Must be a status code 100–599 or a class \"1xx\"–\"5xx\"."));
                    }

                    i++;
                }
            }
        }

        return spec with { Url = request.Url, Method = method, Headers = headers, ExpectStatus = expectStatus, ExpectBody = Body(request.ExpectBody, errors) };
    }

    private static BodyExpectation? Body(JsonElement? value, List<(string, string)> errors)
    {
        switch (value)
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.String } s when s.GetString() is { Length: > 0 and <= 1000 } text:
                return new BodyExpectation(text, null, null);
            case { ValueKind: JsonValueKind.Object } o:
                var names = o.EnumerateObject().Select(p => p.Name).ToList();
                if (names.Except(["path", "equals"]).FirstOrDefault() is { } unknown)
                {
                    errors.Add(($"$.probe.expectBody.{unknown}", "Not allowed; use path and equals."));
                    return null;
                }

                if (!o.TryGetProperty("path", out var path) || path.ValueKind != JsonValueKind.String || !IsJsonPath(path.GetString()!))
                {
                    errors.Add(("$.probe.expectBody.path", "Required: a JSON path such as $.status or $.checks[0].ok."));
                    return null;
                }

                if (!o.TryGetProperty("equals", out var equals) || equals.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    errors.Add(("$.probe.expectBody.equals", "Required: the string, number, boolean or null expected at the path."));
                    return null;
                }

                return new BodyExpectation(null, path.GetString(), equals.ValueKind == JsonValueKind.String ? equals.GetString() : equals.GetRawText());
            default:
                errors.Add(("$.probe.expectBody", "Must be a substring (1–1000 characters) or { \"path\": \"$.status\", \"equals\": \"ok\" }."));
                return null;
        }
    }

    /// <summary>The paths the probe understands: <c>$</c> then <c>.name</c> and <c>[index]</c> segments.</summary>
    private static bool IsJsonPath(string path) => JsonPathPattern().IsMatch(path);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\$(\.[^.\[\]]+|\[\d+\])*\z")]
    private static partial System.Text.RegularExpressions.Regex JsonPathPattern();

    private static void Only(bool allowed, object? value, string field, string type, List<(string, string)> errors)
    {
        if (!allowed && value is not null)
        {
            errors.Add((field, $"Only with type {type}."));
        }
    }
}
