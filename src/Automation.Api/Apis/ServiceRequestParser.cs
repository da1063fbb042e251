using System.Globalization;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Services;

namespace Automation.Api.Apis;

/// <summary>
/// Checks a service registration field by field. The grain checks the rest: the interval against the configured
/// minimum, and <c>dependsOn</c> against the registered services (unknown names, self, cycles).
/// </summary>
internal static partial class ServiceRequestParser
{
    /// <summary>The longest probe interval.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);
    private const int MaxThreshold = 1000;
    private const int MaxDependencies = 50;

    /// <summary>Parses the body; returns the spec, or <see langword="null"/> with the errors.</summary>
    public static ServiceSpec? Parse(PutServiceRequest request, List<(string Field, string Message)> errors)
    {
        if (request.Description is { Length: > 1000 })
        {
            errors.Add(("$.description", "At most 1000 characters."));
        }

        if (request.Owner is { } owner && (owner.Length is 0 or > 100 || owner.Any(char.IsControl)))
        {
            errors.Add(("$.owner", "1–100 characters, no control characters."));
        }

        var tags = request.Tags ?? [];
        if (tags.Count > ResourceNames.MaxTags)
        {
            errors.Add(("$.tags", $"At most {ResourceNames.MaxTags} tags, not {tags.Count}."));
        }

        for (var i = 0; i < tags.Count && tags.Count <= ResourceNames.MaxTags; i++)
        {
            if (!ResourceNames.IsTag(tags[i]))
            {
                errors.Add(($"$.tags[{i}]", $"Must be a valid tag: {ResourceNames.TagRule}."));
            }
            else if (tags.Take(i).Contains(tags[i], StringComparer.Ordinal))
            {
                errors.Add(($"$.tags[{i}]", $"Duplicate tag '{tags[i]}'."));
            }
        }

        var dependsOn = request.DependsOn ?? [];
        if (dependsOn.Count > MaxDependencies)
        {
            errors.Add(("$.dependsOn", $"At most {MaxDependencies} dependencies, not {dependsOn.Count}."));
        }

        for (var i = 0; i < dependsOn.Count && dependsOn.Count <= MaxDependencies; i++)
        {
            if (!ResourceNames.IsServiceName(dependsOn[i]))
            {
                errors.Add(($"$.dependsOn[{i}]", $"Not a valid service name: {ResourceNames.ServiceNameRule}."));
            }
        }

        var probe = ParseProbe(request.Probe, errors);
        var thresholds = ParseThresholds(request.Thresholds, probe, errors);
        var baseUrl = ParseBaseUrl(request.BaseUrl, errors);
        var breaker = ParseBreaker(request.Breaker, errors);
        return errors.Count > 0 || probe is null ? null : new ServiceSpec(probe, thresholds)
        {
            Description = request.Description,
            Owner = request.Owner,
            Tags = [.. tags],
            DependsOn = [.. dependsOn],
            BaseUrl = baseUrl,
            Breaker = breaker,
        };
    }

    /// <summary>Parses a maintenance body.</summary>
    public static (DateTimeOffset Until, string? Reason)? ParseMaintenance(PutMaintenanceRequest request, DateTimeOffset now, List<(string Field, string Message)> errors)
    {
        if (request.Until is not { } until)
        {
            errors.Add(("$.until", "Required: when the window ends (ISO 8601)."));
        }
        else if (until <= now || until > now.AddDays(30))
        {
            errors.Add(("$.until", $"Must be in the future and at most 30 days ahead; got {until.ToString("O", CultureInfo.InvariantCulture)}."));
        }

        if (request.Reason is { Length: > 500 })
        {
            errors.Add(("$.reason", "At most 500 characters."));
        }

        return errors.Count > 0 ? null : (request.Until!.Value, request.Reason);
    }

    private static HealthThresholds ParseThresholds(ThresholdsRequest? request, ProbeSpec? probe, List<(string, string)> errors)
    {
        var d = HealthThresholds.Default;
        if (request is null)
        {
            return d;
        }

        var degraded = Count(request.DegradedAfter, d.DegradedAfter, "$.thresholds.degradedAfter", errors);
        var unhealthy = Count(request.UnhealthyAfter, Math.Max(d.UnhealthyAfter, degraded), "$.thresholds.unhealthyAfter", errors);
        var recover = Count(request.RecoverAfter, d.RecoverAfter, "$.thresholds.recoverAfter", errors);
        if (unhealthy < degraded)
        {
            errors.Add(("$.thresholds.unhealthyAfter", $"Must be at least degradedAfter ({degraded}); got {unhealthy}."));
        }

        if (request.LatencyDegradedMs is { } latency && (latency < 1 || (probe is not null && latency >= probe.Timeout.TotalMilliseconds)))
        {
            errors.Add(("$.thresholds.latencyDegradedMs", $"Must be at least 1 and below the probe timeout ({probe?.Timeout.TotalMilliseconds} ms); got {latency}."));
        }

        return new HealthThresholds(degraded, unhealthy, recover, request.LatencyDegradedMs);
    }

    private static int Count(int? value, int fallback, string field, List<(string, string)> errors)
    {
        if (value is null)
        {
            return fallback;
        }

        if (value is < 1 or > MaxThreshold)
        {
            errors.Add((field, $"Must be a whole number from 1 to {MaxThreshold}; got {value}."));
            return fallback;
        }

        return value.Value;
    }

    private static TimeSpan? ParseDuration(string? text, string field, TimeSpan max, List<(string, string)> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!Duration.TryParse(text, out var value) || value <= TimeSpan.Zero || value > max)
        {
            errors.Add((field, $"'{text}' is not a duration above 0 and at most {Duration.Format(max)}: a number and a unit (ms, s, m, h, d), e.g. 30s."));
            return null;
        }

        return value;
    }
}
