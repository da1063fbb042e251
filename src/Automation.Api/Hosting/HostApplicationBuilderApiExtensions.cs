using System.Text.Json.Serialization;
using Automation.Api.Live;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Postgres;
using Automation.Postgres.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Automation.Api.Hosting;

/// <summary>Registers the API's services: Orleans client, JSON, security, rate limits, problem details, OpenAPI, health and metrics.</summary>
public static class HostApplicationBuilderApiExtensions
{
    /// <summary>Adds everything the API needs. The Orleans client finds silos through the PostgreSQL membership table.</summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddAutomationApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());
        builder.Services.AddSingleton<GatewayConnectionMonitor>();
        builder.UseOrleansClient(client =>
        {
            var orleans = builder.Configuration.GetSection("Orleans");
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = orleans["ClusterId"] ?? "automation";
                o.ServiceId = orleans["ServiceId"] ?? "automation";
            });
            client.UseAutomationPostgres();
            client.UseAutomationTls(builder.Configuration);
            // Find a replacement silo quickly after one is lost.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            // Give up on a call whose answer was lost after ResponseTimeout (Orleans' default is 30 s), and at once on
            // the calls in flight when a gateway connection closes.
            client.Services.AddOptions<ClientMessagingOptions>()
                .Configure<IOptions<ApiOptions>>((messaging, api) => messaging.ResponseTimeout = api.Value.ResponseTimeout);
            client.Services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<GatewayConnectionMonitor>());
            client.Services.AddSerializer(s => s.AddJsonSerializer(isSupported: _ => false));
        });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ClusterCalls>();
        builder.Services.AddSingleton<LiveBroadcaster>(); // live pages: one hub observer per process, fanned out (ADR 0026)
        builder.Services.AddHostedService<LiveSubscription>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<DashboardSectionCache>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // The web defaults also read numbers from strings; the API's contract is JSON numbers only, and the OpenAPI
            // document is generated from these options.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.AddAutomationSecurity();
        builder.AddAutomationDashboard();
        builder.Services.AddAutomationRateLimits();
        builder.Services.AddAutomationHttpSecurity();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false); // do not advertise the server
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<UnavailableExceptionHandler>();
        builder.Services.AddAutomationOpenApi();
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"])
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);
        builder.AddAutomationApiObservability();
        return builder;
    }
}
