using Automation.Grains.Services.Discovery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Hosting;

/// <summary>Registers Kubernetes service discovery in a silo (it runs only when <see cref="KubernetesDiscoveryOptions.Enabled"/>).</summary>
public static class ServiceCollectionKubernetesDiscoveryExtensions
{
    /// <summary>
    /// Adds <see cref="KubernetesDiscoveryOptions"/> (bound from <c>Automation:Services:Discovery:Kubernetes</c>, validated
    /// at start-up), the API client and the start-up hook. Safe to call twice.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configure">Configures the options after binding.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAutomationKubernetesDiscovery(this IServiceCollection services, Action<OptionsBuilder<KubernetesDiscoveryOptions>>? configure = null)
    {
        var options = services.AddOptions<KubernetesDiscoveryOptions>().BindConfiguration(KubernetesDiscoveryOptions.SectionName).ValidateOnStart();
        configure?.Invoke(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KubernetesDiscoveryOptions>, KubernetesDiscoveryOptionsValidator>());
        if (services.Any(d => d.ServiceType == typeof(KubernetesApiClient)))
        {
            return services;
        }

        services.AddSingleton<KubernetesApiClient>();
        services.AddSingleton<KubernetesDiscoveryStarter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<KubernetesDiscoveryStarter>());
        services.AddHttpClient(KubernetesApiClient.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(sp => KubernetesApiClient.CreateHandler(sp.GetRequiredService<IOptions<KubernetesDiscoveryOptions>>().Value))
            .RemoveAllLoggers(); // requests carry the service account's token
        return services;
    }
}
