using System.Text.Json;
using Automation.Alerts;
using Automation.Services;

namespace Automation.Engine.Alerts;

/// <summary>Builds a service's unhealthy alert from what is known about it.</summary>
public static class ServiceAlerts
{
    /// <summary>The alert for a service that is Unhealthy.</summary>
    /// <param name="service">The service name.</param>
    /// <param name="reason">Why it is unhealthy (the transition's reason).</param>
    /// <param name="probe">The latest probe, if known.</param>
    /// <param name="consecutiveFailures">Failures in a row, if known.</param>
    /// <param name="at">When it turned Unhealthy.</param>
    /// <param name="dashboardBaseUrl">The API's public base URL (e.g. <c>https://automation.example.com</c>), for the link.</param>
    /// <returns>What to raise.</returns>
    public static AlertRaise Unhealthy(string service, string reason, ProbeResult? probe, int? consecutiveFailures, DateTimeOffset at, string? dashboardBaseUrl)
    {
        var metrics = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (probe is not null)
        {
            metrics["latencyMs"] = Math.Round(probe.LatencyMs, 1);
            if (probe.StatusCode is { } code)
            {
                metrics["statusCode"] = code;
            }
        }

        if (consecutiveFailures is { } failures)
        {
            metrics["consecutiveFailures"] = failures;
        }

        return new AlertRaise(AlertSourceKinds.Service, service, ServiceAlertDecision.UnhealthyRule, AlertSeverity.Critical,
            $"Service {service} is unhealthy", reason)
        {
            Metrics = JsonSerializer.SerializeToElement(metrics),
            RecommendedAction = $"Check {service}'s recent probes and logs; acknowledge the alert when someone is on it (POST /api/v1/alerts/{{id}}/acknowledge).",
            DashboardLink = $"{(dashboardBaseUrl ?? "").TrimEnd('/')}/api/v1/services/{Uri.EscapeDataString(service)}/health",
            At = at,
        };
    }
}
