using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Automation.Hosting;

/// <summary>Registers <see cref="RetentionOptions"/>.</summary>
public static class ServiceCollectionRetentionExtensions
{
    /// <summary>Binds <see cref="RetentionOptions"/> from <c>Automation:Retention</c> and validates them at start-up. Safe to call twice.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options after binding.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAutomationRetentionOptions(this IServiceCollection services, Action<RetentionOptions>? configure = null)
    {
        var options = services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        return services;
    }
}
