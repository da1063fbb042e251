using System.Net;
using Automation.Grains.Hosting;
using Automation.Hosting;
using Automation.Postgres;
using Automation.Postgres.Diagnostics;
using Automation.Postgres.Hosting;
using Automation.Silo.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Automation.Silo.Hosting;

/// <summary>
/// Composes the silo host: an Orleans silo on PostgreSQL with the silo side of the Orleans dashboard, and metrics and
/// health endpoints on one web app.
/// </summary>
public static class WebApplicationBuilderSiloExtensions
{
    /// <summary>Adds the silo, configured from <c>Orleans</c> (<c>Orleans:Tls</c> included), <c>Automation:Engine</c> and <c>Automation:Postgres</c>.</summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddAutomationSilo(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://0.0.0.0:9090");
        }

        var orleans = builder.Configuration.GetSection("Orleans");
        builder.Services.AddClusterEndpointValidation();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = orleans["ClusterId"] ?? "automation";
                o.ServiceId = orleans["ServiceId"] ?? "automation";
            });
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")))
            {
                // Advertises the pod IP and listens on every address of the pod's own network namespace (pod IP and
                // the pod's loopback, which `kubectl port-forward` uses): no wider than the pod IP.
                silo.UseKubernetesHosting();
            }
            else
            {
                // Listen on the advertised address only (loopback by default), so the unauthenticated Orleans ports
                // are not opened on every interface. Behind NAT, where the advertised address is not local, set
                // Orleans:ListenOnAnyHostAddress=true.
                // Read leniently here; ClusterEndpointOptionsValidator refuses a bad value at start-up, naming it.
                var advertised = IPAddress.TryParse(orleans["AdvertisedIp"] ?? "127.0.0.1", out var ip) ? ip : IPAddress.Loopback;
                silo.ConfigureEndpoints(advertised, int.TryParse(orleans["SiloPort"], out var siloPort) ? siloPort : 11111,
                    int.TryParse(orleans["GatewayPort"], out var gatewayPort) ? gatewayPort : 30000,
                    listenOnAnyHostAddress: bool.TryParse(orleans["ListenOnAnyHostAddress"], out var any) && any);
            }

            silo.UseAutomationTls(builder.Configuration);
            silo.AddAutomation().UseAutomationPostgres();
            silo.AddDashboard();
        });

        builder.AddAutomationSiloObservability();
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"])
            .AddCheck<SiloHealthCheck>("cluster", tags: ["ready"]);
        return builder;
    }

    /// <summary>Maps <c>/metrics</c>, <c>/health</c> (alive) and <c>/ready</c> (PostgreSQL reachable, silo active), nothing else.</summary>
    /// <remarks>
    /// The Orleans dashboard is not served here: the API serves it at <c>/dashboard</c> to callers with the
    /// <c>cluster:read</c> permission. The silo keeps <c>AddDashboard()</c>, which adds the grains, grain service and
    /// call profiler that the API's dashboard reads.
    /// </remarks>
    /// <param name="app">The web application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapAutomationSiloEndpoints(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = (http, report) =>
            {
                http.Response.ContentType = HealthReportJson.ContentType; // standard shape, summary only: this port is open
                return http.Response.WriteAsync(HealthReportJson.Serialize(report, details: false));
            },
        });
        return app;
    }
}
