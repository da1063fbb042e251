using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Outbound;

/// <summary>Registers the outbound address policy.</summary>
public static class ServiceCollectionOutboundExtensions
{
    /// <summary>
    /// Adds <see cref="OutboundOptions"/> (bound from <c>Automation:Outbound</c>, validated at start), the
    /// <see cref="OutboundAddressPolicy"/> and the <see cref="OutboundConnector"/>. Safe to call twice.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configure">Configures the options after binding.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAutomationOutbound(this IServiceCollection services, Action<OutboundOptions>? configure = null)
    {
        var options = services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboundOptions>, OutboundOptionsValidator>());
        services.TryAddSingleton<OutboundAddressPolicy>();
        services.TryAddSingleton<OutboundConnector>();
        return services;
    }
}
