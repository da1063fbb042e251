using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;

namespace Automation.Engine.Steps;

/// <summary><c>http</c>: one HTTP request per attempt, run by a task grain with retries and a per-attempt timeout.</summary>
public sealed class HttpStepKind : IStepKind
{
    /// <summary>The methods an http step may use.</summary>
    public static readonly IReadOnlyList<string> Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    private static readonly string[] Allowed = ["method", "url", "headers", "body", "successStatus", "retryStatus", "service"];

    /// <inheritdoc />
    public string Type => "http";

    /// <inheritdoc />
    public void Validate(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        JsonChecks.RejectUnknown(with, path, errors, Allowed);
        var method = JsonChecks.OptionalString(with, "method", path, errors);
        if (method is not null && !JsonChecks.IsTemplate(with.GetProperty("method")) && !Methods.Contains(method.ToUpperInvariant()))
        {
            errors.Add(new ValidationError($"{path}.method", $"Unknown method '{method}'. Allowed: {string.Join(", ", Methods)}."));
        }

        if (!with.TryGetProperty("url", out var url))
        {
            errors.Add(new ValidationError($"{path}.url", "Required: the absolute http:// or https:// URL to call."));
        }
        else if (url.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ValidationError($"{path}.url", $"Must be a string, not {JsonChecks.Describe(url)}."));
        }
        else if (!JsonChecks.IsTemplate(url) && !IsHttpUrl(url.GetString()))
        {
            errors.Add(new ValidationError($"{path}.url", $"'{url.GetString()}' is not an absolute http:// or https:// URL."));
        }

        if (with.TryGetProperty("headers", out var headers))
        {
            if (headers.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ValidationError($"{path}.headers", $"Must be an object of header names to string values, not {JsonChecks.Describe(headers)}."));
            }
            else
            {
                foreach (var h in headers.EnumerateObject())
                {
                    if (!IsHeaderName(h.Name))
                    {
                        errors.Add(new ValidationError($"{path}.headers", $"'{h.Name}' is not a valid header name."));
                    }
                    else if (h.Value.ValueKind != JsonValueKind.String)
                    {
                        errors.Add(new ValidationError($"{path}.headers.{h.Name}", $"Must be a string, not {JsonChecks.Describe(h.Value)}."));
                    }
                }
            }
        }

        if (with.TryGetProperty("service", out var service) && !JsonChecks.IsTemplate(service)
            && (service.ValueKind != JsonValueKind.String || !IsServiceName(service.GetString())))
        {
            var shown = service.ValueKind == JsonValueKind.String ? $"'{service.GetString()}'" : JsonChecks.Describe(service);
            errors.Add(new ValidationError($"{path}.service", $"{shown} is not a service name: use 1–100 lowercase letters, digits, '.', '_' and '-'."));
        }

        foreach (var name in new[] { "successStatus", "retryStatus" })
        {
            if (with.TryGetProperty(name, out var list))
            {
                StatusMatcher.Parse(list, $"{path}.{name}", errors);
            }
        }
    }


    /// <inheritdoc />
    public StepActivation Activate(StepActivationContext context) => StepActivation.RunTask;

    /// <inheritdoc />
    /// <remarks>A step waiting for its service (Unhealthy, or its breaker open) is dispatched again to check.</remarks>
    public StepActivation Wake(StepWakeContext context) => StepActivation.RunTask;

    /// <summary>Whether <paramref name="name"/> is a valid monitored service name (<c>[a-z0-9._-]{1,100}</c>, not <c>graph</c>).</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsServiceName(string? name) =>
        name is { Length: > 0 and <= 100 } && name != "graph" && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-');

    /// <summary>Whether <paramref name="url"/> is an absolute http:// or https:// URL.</summary>
    /// <param name="url">The URL.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>RFC 9110 header field names are tokens.</summary>
    private static bool IsHeaderName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
