using Automation.Grains.Alerts;
using Automation.Grains.Diagnostics;
using Automation.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Hosting;

/// <summary>Registers the alert manager in a silo.</summary>
public static class ServiceCollectionAlertExtensions
{
    /// <summary>
    /// Adds <see cref="AlertOptions"/> (bound from <c>Automation:Alerts</c>), alert metrics, the dispatcher, the start-up
    /// call that activates the alert manager (so its reconcile reminder exists), and the <see cref="IServiceTransitionSink"/>
    /// that hands service transitions to it (replacing the no-op). Safe to call twice.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configure">Configures the options after binding.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAutomationAlerts(this IServiceCollection services, Action<OptionsBuilder<AlertOptions>>? configure = null)
    {
        var options = services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateOnStart();
        configure?.Invoke(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        if (services.Any(d => d.ServiceType == typeof(AlertDispatcher)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<AlertMetrics>();
        services.AddSingleton<AlertDispatcher>();
        services.RemoveAll<IServiceTransitionSink>();
        services.AddSingleton<IServiceTransitionSink, AlertTransitionSink>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, AlertManagerStarter>();
        return services;
    }
}
