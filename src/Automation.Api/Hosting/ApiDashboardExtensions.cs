using Automation.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Orleans.Dashboard;

namespace Automation.Api.Hosting;

/// <summary>
/// Serves the Orleans dashboard from the API, to callers holding <see cref="Permissions.ClusterRead"/>. The API is an
/// Orleans client: the page and its JSON endpoints run here and ask the silos, whose <c>AddDashboard()</c> adds the
/// grains, grain service and call profiler that collect the figures. The silos no longer serve it themselves.
/// </summary>
public static class ApiDashboardExtensions
{
    /// <summary>Where the dashboard is served.</summary>
    public const string RoutePrefix = "/dashboard";

    /// <summary>Adds the dashboard's client-side services to the Orleans client.</summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddAutomationDashboard(this WebApplicationBuilder builder)
    {
        // A second UseOrleansClient call configures the same client.
        builder.UseOrleansClient(client => client.AddDashboard());
        return builder;
    }

    /// <summary>
    /// Maps the dashboard at <see cref="RoutePrefix"/> (the page at <c>/dashboard/</c>, its JSON below it) for
    /// authenticated callers with <see cref="Permissions.ClusterRead"/>, under the per-principal rate limit, and out
    /// of the OpenAPI document.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The dashboard's route group.</returns>
    public static RouteGroupBuilder MapAutomationDashboard(this WebApplication app)
    {
        var policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(Permissions.ClusterRead)).Build();
        return app.MapOrleansDashboard(routePrefix: RoutePrefix)
            .RequireAuthorization(policy)
            .RequireRateLimiting(RateLimitPolicies.PerPrincipal)
            .ExcludeFromDescription();
    }
}
