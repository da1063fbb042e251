using Automation.Api.Hosting;
using Automation.Api.Security;
using Automation.Postgres.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Automation.Api.Health;

/// <summary><c>/health/details</c>: every check with its data, for callers holding <see cref="Permissions.ClusterRead"/>.</summary>
public static class WebApplicationHealthDetailsExtensions
{
    /// <summary>The tag of the checks that only <c>/health/details</c> runs.</summary>
    public const string DetailsTag = "details";

    /// <summary>Adds the detail checks: cluster membership, the reminder table and monitored dependencies.</summary>
    /// <param name="checks">The health checks builder.</param>
    /// <returns>The same builder.</returns>
    public static IHealthChecksBuilder AddAutomationDetailChecks(this IHealthChecksBuilder checks) => checks
        .AddCheck<MembershipHealthCheck>("membership", tags: [DetailsTag])
        .AddCheck<RemindersHealthCheck>("reminders", tags: [DetailsTag])
        .AddCheck<ServicesHealthCheck>("services", tags: [DetailsTag]);

    /// <summary>
    /// Maps <c>/health/details</c>: PostgreSQL, cluster (as <c>/ready</c>), membership (every silo's status), reminders
    /// and monitored services, in the standard health-check JSON shape (<see cref="HealthReportJson"/>); 200 when
    /// Healthy or Degraded, 503 when Unhealthy. Authenticated callers with <c>cluster:read</c> only, out of the
    /// OpenAPI document like <c>/health</c> and <c>/ready</c>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The endpoint.</returns>
    public static IEndpointConventionBuilder MapAutomationHealthDetails(this WebApplication app)
    {
        var policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(Permissions.ClusterRead)).Build();
        return app.MapHealthChecks("/health/details", new HealthCheckOptions { ResponseWriter = (http, report) => WriteAsync(http, report, details: true) })
            .RequireAuthorization(policy)
            .RequireRateLimiting(RateLimitPolicies.PerPrincipal);
    }

    /// <summary>Writes a report in the standard JSON shape: summary only for the open endpoints, everything for details.</summary>
    /// <param name="http">The request.</param>
    /// <param name="report">The report.</param>
    /// <param name="details">Whether to include descriptions, data and exceptions.</param>
    /// <returns>The write.</returns>
    public static Task WriteAsync(HttpContext http, HealthReport report, bool details)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.ContentType = HealthReportJson.ContentType;
        return http.Response.WriteAsync(HealthReportJson.Serialize(report, details));
    }
}
