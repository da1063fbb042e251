using System.Net;
using Automation.Grains.Diagnostics;
using Automation.Postgres;
using Automation.Silo.Health;
using Automation.Silo.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Orleans.Configuration;
using Orleans.Dashboard;
using OpenTelemetry.Metrics;

namespace Automation.Silo;

/// <summary>The silo host: Orleans silo, dashboard, metrics and health endpoints on one web app.</summary>
public static class SiloProgram
{
    /// <summary>Runs the silo, or with the argument <c>migrate</c> only applies the database schema.</summary>
    /// <param name="args">Command-line arguments and configuration overrides.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var connectionString = builder.Configuration[$"{PostgresOptions.SectionName}:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine($"Set {PostgresOptions.SectionName}:ConnectionString (environment variable Automation__Postgres__ConnectionString).");
            return 2;
        }

        if (builder.Configuration.GetValue($"{PostgresOptions.SectionName}:MigrateOnStart", true) || args.Contains("migrate"))
        {
            await new SchemaMigrator().MigrateAsync(connectionString, CancellationToken.None);
            if (args.Contains("migrate"))
            {
                Console.WriteLine("Schema is up to date.");
                return 0;
            }
        }

        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://0.0.0.0:9090");
        }

        builder.UseOrleans(silo =>
        {
            var orleans = builder.Configuration.GetSection("Orleans");
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = orleans["ClusterId"] ?? "automation";
                o.ServiceId = orleans["ServiceId"] ?? "automation";
            });
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")))
            {
                silo.UseKubernetesHosting();
            }
            else
            {
                var advertised = IPAddress.Parse(orleans["AdvertisedIp"] ?? "127.0.0.1");
                silo.ConfigureEndpoints(advertised, orleans.GetValue("SiloPort", 11111), orleans.GetValue("GatewayPort", 30000), listenOnAnyHostAddress: true);
            }

            silo.UseAutomationPostgresClustering(connectionString)
                .UseAutomationPostgresStorage(connectionString)
                .AddAutomation();
            silo.AddDashboard();
        });

        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter("Microsoft.Orleans", AutomationMetrics.MeterName)
            .AddPrometheusExporter());
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"])
            .AddCheck<SiloHealthCheck>("cluster", tags: ["ready"]);

        var app = builder.Build();
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        app.MapPrometheusScrapingEndpoint();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapGet("/", () => Results.Redirect("/dashboard/"));
        await app.RunAsync();
        return 0;
    }
}
