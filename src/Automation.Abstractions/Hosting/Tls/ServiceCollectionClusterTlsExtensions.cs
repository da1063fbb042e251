using Microsoft.Extensions.DependencyInjection;

namespace Automation.Hosting.Tls;

/// <summary>Registers loaded <see cref="ClusterTlsCredentials"/> for the hosts' TLS extensions.</summary>
public static class ServiceCollectionClusterTlsExtensions
{
    /// <summary>
    /// Registers the credentials and a start-up log line describing them (certificate, expiry, trust rule; a warning when
    /// any remote certificate is accepted). Does nothing if credentials are already registered.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="credentials">The loaded credentials.</param>
    /// <returns><see langword="true"/> if registered now; <see langword="false"/> if TLS was already configured, so the caller must not add Orleans' TLS middleware again.</returns>
    public static bool TryAddClusterTls(this IServiceCollection services, ClusterTlsCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(credentials);
        if (services.Any(s => s.ServiceType == typeof(ClusterTlsCredentials)))
        {
            return false;
        }

        services.AddSingleton(credentials);
        services.AddHostedService<ClusterTlsStartupLog>();
        return true;
    }
}
