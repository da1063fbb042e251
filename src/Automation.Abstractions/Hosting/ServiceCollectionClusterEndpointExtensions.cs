using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Automation.Hosting;

/// <summary>Registers the start-up check of <see cref="ClusterEndpointOptions"/>.</summary>
public static class ServiceCollectionClusterEndpointExtensions
{
    /// <summary>Binds <see cref="ClusterEndpointOptions"/> from <c>Orleans</c> and validates them at start-up. Safe to call twice.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddClusterEndpointValidation(this IServiceCollection services)
    {
        services.AddOptions<ClusterEndpointOptions>().BindConfiguration(ClusterEndpointOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterEndpointOptions>, ClusterEndpointOptionsValidator>());
        return services;
    }
}
