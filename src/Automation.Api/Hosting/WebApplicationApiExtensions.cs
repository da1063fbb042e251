using Automation.Api.Apis;
using Automation.Api.Health;
using Automation.Api.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Automation.Api.Hosting;

/// <summary>Maps the API's endpoints.</summary>
public static class WebApplicationApiExtensions
{
    /// <summary>
    /// Maps every application area onto one <c>/api/v1</c> route group, and returns it so that policies that apply to
    /// the whole API (rate limits) are set in one place. Every endpoint gets the access its operation id has in
    /// <see cref="EndpointPermissions.Table"/>; one missing from it stops the start.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The <c>/api/v1</c> group.</returns>
    public static RouteGroupBuilder MapAutomationApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/api/v1");
        v1.RequireEndpointPermissions();
        v1.RequireRateLimits();
        v1.MapAuthApi();
        v1.MapPreferencesApi();
        v1.MapEventsApi();
        v1.MapDefinitionsApi();
        v1.MapWorkflowsApi();
        v1.MapWorkflowCountsApi();
        v1.MapUsersApi();
        v1.MapRolesApi();
        v1.MapApiKeysApi();
        v1.MapAuditApi();
        v1.MapSecretsApi();
        v1.MapSchedulesApi();
        v1.MapServicesApi();
        v1.MapChannelsApi();
        v1.MapTemplatesApi();
        v1.MapAgentsApi();
        v1.MapCapabilitiesApi();
        v1.MapAlertsApi();
        v1.MapSystemApi();
        v1.MapSystemOverviewApi();
        v1.MapDashboardApi();
        return v1;
    }

    /// <summary>
    /// Maps the operational endpoints: the OpenAPI document, Prometheus metrics (only on
    /// <see cref="ApiOptions.MetricsPort"/> when it is set), liveness and readiness (open), and the
    /// Orleans dashboard (<see cref="Permissions.ClusterRead"/> only, see <see cref="ApiDashboardExtensions"/>).
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapOperationalEndpoints(this WebApplication app)
    {
        app.MapOpenApi();
        var metrics = app.MapPrometheusScrapingEndpoint();
        if (app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.MetricsPort is { } metricsPort)
        {
            // Only on the management port: the web port (which the Ingress forwards) answers 404.
            metrics.RequireHost($"*:{metricsPort}");
        }

        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = (http, report) => WebApplicationHealthDetailsExtensions.WriteAsync(http, report, details: false) });
        app.MapAutomationDashboard();
        app.MapAutomationHealthDetails();
        return app;
    }
}
