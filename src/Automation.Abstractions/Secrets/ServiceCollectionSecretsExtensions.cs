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
    /// Safe to call twice.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddAutomationSecrets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(SecretKeyRing)))
        {
            return services;
        }

        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var problems = new List<string>();
            return SecretKeyRing.Load(sp.GetRequiredService<IOptions<SecretsOptions>>().Value, problems)
                ?? throw new OptionsValidationException(SecretsOptions.SectionName, typeof(SecretsOptions), problems);
        });
        services.TryAddSingleton<SecretVault>();
        return services;
    }
}
