using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Automation.Secrets;

/// <summary>Registers the secrets key ring and vault.</summary>
public static class ServiceCollectionSecretsExtensions
{
    /// <summary>
    /// Binds <see cref="SecretsOptions"/> from <c>Automation:Secrets</c> (validated at start-up: a malformed key stops the
    /// host with a message naming the setting; no key at all is allowed and leaves secrets off), and registers the
    /// <see cref="SecretKeyRing"/> and the <see cref="SecretVault"/> (which needs an <see cref="Persistence.ISecretStore"/>).
    /// Safe to call twice: the options are bound once, and <paramref name="configure"/> applies after binding.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options after binding.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddAutomationSecrets(this IServiceCollection services, Action<OptionsBuilder<SecretsOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SecretsOptions>();
        if (!services.Any(d => d.ServiceType == typeof(SecretKeyRing)))
        {
            options.BindConfiguration(SecretsOptions.SectionName).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>());
            services.TryAddSingleton(sp =>
            {
                var problems = new List<string>();
                return SecretKeyRing.Load(sp.GetRequiredService<IOptions<SecretsOptions>>().Value, problems)
                    ?? throw new OptionsValidationException(SecretsOptions.SectionName, typeof(SecretsOptions), problems);
            });
            services.TryAddSingleton<SecretVault>();
        }

        configure?.Invoke(options);
        return services;
    }

    /// <summary>Same as <see cref="AddAutomationSecrets(IServiceCollection, Action{OptionsBuilder{SecretsOptions}}?)"/> with a plain options delegate.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options after binding.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddAutomationSecrets(this IServiceCollection services, Action<SecretsOptions> configure) =>
        services.AddAutomationSecrets(o => o.Configure(configure));
}
