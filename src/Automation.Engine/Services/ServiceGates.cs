using System.Text.Json;
using Automation.Services;

namespace Automation.Engine.Services;

/// <summary>
/// Which monitored service an <c>http</c> step calls, and whether the call may go: pure functions over the gate table
/// a silo keeps.
/// </summary>
public static class ServiceGates
{
    /// <summary>The base URL calls are matched on: the declared one, else the origin of an http probe's URL.</summary>
    /// <param name="spec">The registration.</param>
    /// <returns>The base URL without a trailing slash, or <see langword="null"/>.</returns>
    public static string? BaseUrlOf(ServiceSpec spec) => ServiceBaseUrl.Of(spec);

    /// <summary>The id of the workflow a <c>workflow</c> probe of <paramref name="service"/> starts for the probe due at <paramref name="scheduledAt"/>.</summary>
    /// <param name="service">The service name.</param>
    /// <param name="scheduledAt">When the probe was due.</param>
    /// <returns><c>service:{name}:{yyyyMMddTHHmmssfffZ}</c>.</returns>
    public static string ProbeWorkflowId(string service, DateTimeOffset scheduledAt) =>
        ProbeWorkflowPrefix(service) + scheduledAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether <paramref name="workflowId"/> is a probe workflow of <paramref name="service"/>: its calls to the
    /// service are the probe itself, so they are neither gated (the probe must reach an Unhealthy service to see it
    /// recover) nor counted by the breaker (the probe result is fed to it instead).
    /// </summary>
    /// <param name="workflowId">The calling step's workflow id.</param>
    /// <param name="service">The service the call resolved to.</param>
    /// <returns>Whether the call is the service's own probe.</returns>
    public static bool IsProbeWorkflowOf(string? workflowId, string service)
    {
        var prefix = ProbeWorkflowPrefix(service);
        return workflowId is not null && workflowId.Length > prefix.Length
            && workflowId.StartsWith(prefix, StringComparison.Ordinal)
            && workflowId.IndexOf(':', prefix.Length) < 0;
    }

    private static string ProbeWorkflowPrefix(string service) => "service:" + service + ":";

    /// <summary>
    /// The service a step calls: its explicit <c>with.service</c>, else the registered service whose base URL is the
    /// longest prefix of <c>with.url</c> (ending at a path boundary; ties go to the first name in ordinal order).
    /// </summary>
    /// <param name="with">The step's rendered arguments.</param>
    /// <param name="gates">The gates by service name.</param>
    /// <returns>The service name, or <see langword="null"/> when the call belongs to none.</returns>
    public static string? Resolve(JsonElement with, IReadOnlyDictionary<string, ServiceGate> gates)
    {
        if (with.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (with.TryGetProperty("service", out var s) && s.ValueKind == JsonValueKind.String)
        {
            return s.GetString();
        }

        if (!with.TryGetProperty("url", out var u) || u.ValueKind != JsonValueKind.String || u.GetString() is not { } url)
        {
            return null;
        }

        string? best = null;
        var bestLength = -1;
        foreach (var gate in gates.Values)
        {
            if (gate.BaseUrl is { } b && Matches(url, b)
                && (b.Length > bestLength || (b.Length == bestLength && string.CompareOrdinal(gate.Name, best) < 0)))
            {
                best = gate.Name;
                bestLength = b.Length;
            }
        }

        return best;
    }

    /// <summary>Whether <paramref name="url"/> is under <paramref name="baseUrl"/>: a case-insensitive prefix ending at a path boundary.</summary>
    /// <param name="url">The call's URL.</param>
    /// <param name="baseUrl">The base URL (no trailing slash).</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool Matches(string url, string baseUrl) =>
        url.StartsWith(baseUrl, StringComparison.OrdinalIgnoreCase)
        && (url.Length == baseUrl.Length || url[baseUrl.Length] is '/' or '?' or '#');

    /// <summary>Whether a call to the service may go now.</summary>
    /// <param name="gate">The service's gate.</param>
    /// <param name="now">The time.</param>
    /// <returns>Allow, trial (the break is over) or wait with the reason.</returns>
    public static GateVerdict Check(ServiceGate gate, DateTimeOffset now)
    {
        if (gate.Unhealthy)
        {
            return new GateVerdict(GateVerdictKind.Wait, $"waiting for service {gate.Name}: it is Unhealthy");
        }

        return gate.Breaker switch
        {
            BreakerState.Closed => GateVerdict.Allow,
            BreakerState.Open when gate.OpenUntil is { } until && until > now =>
                new GateVerdict(GateVerdictKind.Wait, $"waiting for service {gate.Name}: its circuit breaker is open", until),
            _ => GateVerdict.Trial,
        };
    }

    /// <summary>Whether an attempt's outcome counts for the service's breaker, and how.</summary>
    /// <param name="succeeded">Whether the attempt succeeded.</param>
    /// <param name="errorType">The error type when it failed.</param>
    /// <returns>True: the service answered; false: it failed on its side (connection, timeout, 5xx); null: not about the service (e.g. bad input, a secret).</returns>
    public static bool? CallOutcome(bool succeeded, string? errorType) => succeeded
        ? true
        : errorType switch
        {
            "connection" or "timeout" => false,
            { } t when t.StartsWith("http.5", StringComparison.Ordinal) => false,
            { } t when t.StartsWith("http.", StringComparison.Ordinal) && t.Length == 8 && char.IsAsciiDigit(t[5]) => true,
            _ => null,
        };

    /// <summary>
    /// When a waiting step checks its service again: at the end of the breaker's break when known, else after half of
    /// the time waited so far (at least 1 s, at most 10 s), never after the wait gives up.
    /// </summary>
    /// <param name="since">When the wait began.</param>
    /// <param name="now">The time.</param>
    /// <param name="hint">When the breaker lets a call through, if known.</param>
    /// <param name="until">When the wait gives up.</param>
    /// <returns>The next check.</returns>
    public static DateTimeOffset NextCheck(DateTimeOffset since, DateTimeOffset now, DateTimeOffset? hint, DateTimeOffset until)
    {
        var backoff = TimeSpan.FromTicks(Math.Clamp((now - since).Ticks / 2, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(10).Ticks));
        var next = hint is { } h && h > now ? (h < now + backoff ? h : now + backoff) : now + backoff;
        return next < until ? next : until;
    }
}
