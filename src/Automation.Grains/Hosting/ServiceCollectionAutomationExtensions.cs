using Automation.Grains.Definitions;
using Automation.Grains.Diagnostics;
using Automation.Grains.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Hosting;

/// <summary>Registers the workflow engine's services in a silo.</summary>
public static class ServiceCollectionAutomationExtensions
{
    /// <summary>Adds step handlers, the definition parser, metrics and engine options. Safe to call twice.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configure">Optional changes to <see cref="EngineOptions"/> after configuration binding.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAutomationEngine(this IServiceCollection services, Action<EngineOptions>? configure = null)
    {
        var options = services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        if (services.Any(d => d.ServiceType == typeof(StepHandlerRegistry)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<AutomationMetrics>();
        services.AddHttpClient(HttpStepHandler.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan) // the step timeout governs
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxResponseDrainSize = 1 << 20 });
        services.AddSingleton<IStepHandler, HttpStepHandler>();
        services.AddSingleton<IStepHandler, DelayStepHandler>();
        services.AddSingleton<IStepHandler, TransformStepHandler>();
        services.AddSingleton<StepHandlerRegistry>();
        services.AddSingleton<DefinitionParser>();
        return services;
    }
}
