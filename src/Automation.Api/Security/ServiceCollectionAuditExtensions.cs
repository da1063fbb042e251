using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Automation.Api.Security;

/// <summary>Registers the audit of requests.</summary>
public static class ServiceCollectionAuditExtensions
{
    /// <summary>
    /// Adds <see cref="AuditTrail"/> and the batching <see cref="AuditWriter"/>, with <see cref="AuditOptions"/> bound from
    /// <see cref="AuditOptions.SectionName"/> and validated at start-up. Safe to call twice.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddAutomationAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<AuditWriter>();
        return services;
    }
}
