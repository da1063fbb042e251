using Automation.Api.Apis;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Automation.Api.Hosting;

/// <summary>Maps the API's endpoints.</summary>
public static class WebApplicationApiExtensions
{
    /// <summary>
    /// Maps every application area onto one <c>/api/v1</c> route group, and returns it so that policies that apply to
    /// the whole API (authorization, rate limits) are set in one place.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The <c>/api/v1</c> group.</returns>
    public static RouteGroupBuilder MapAutomationApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/api/v1");
        v1.MapDefinitionsApi();
        v1.MapWorkflowsApi();
        v1.MapSecretsApi();
        return v1;
    }

    /// <summary>Maps the operational endpoints: the OpenAPI document, Prometheus metrics, liveness and readiness.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapOperationalEndpoints(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
