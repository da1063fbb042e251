using Automation.Grains.Diagnostics;
using Automation.Grains.Outbound;
using Automation.Grains.Services;
using Automation.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Hosting;

/// <summary>Registers the monitored-services capability in a silo.</summary>
public static class ServiceCollectionServiceMonitorExtensions
{
    /// <summary>
    /// Adds <see cref="ServiceMonitorOptions"/> (bound from <c>Automation:Services</c>), the probe runner and its pooled
    /// http client, the silo's history recorder, the silo's copy of the services' gates for http steps, service metrics and a no-op <see cref="IServiceTransitionSink"/> (kept
    /// when another is registered, before or after). Safe to call twice.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configure">Configures the options after binding.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAutomationServiceMonitor(this IServiceCollection services, Action<OptionsBuilder<ServiceMonitorOptions>>? configure = null)
    {
        var options = services.AddOptions<ServiceMonitorOptions>().BindConfiguration(ServiceMonitorOptions.SectionName).ValidateOnStart();
        configure?.Invoke(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceMonitorOptions>, ServiceMonitorOptionsValidator>());
        services.TryAddSingleton<IServiceTransitionSink, NullServiceTransitionSink>();
        if (services.Any(d => d.ServiceType == typeof(ServiceProber)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<ServiceMetrics>();
        services.AddAutomationOutbound(); // probes connect under the outbound address policy (ADR 0019)
        services.AddSingleton<ServiceProber>();
        services.AddSingleton<ServiceHealthRecorder>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ServiceHealthRecorder>());
        services.AddSingleton<ServiceGateCache>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ServiceGateCache>());
        // Probes follow no redirect (a 3xx is the answer, checked against expectStatus), so a probe never reaches
        // another host than the registered one; the probe's timeout governs, not the client's.
        services.AddHttpClient(ServiceProber.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundConnector>().CreateHandler(followRedirects: false))
            .RemoveAllLoggers(); // a probe's headers may carry a token
        return services;
    }
}
