using Automation.Hosting.Tls;
using Orleans.Connections.Security;

namespace Automation.Silo.Hosting;

/// <summary>Mutual TLS on a silo's silo and gateway ports (Microsoft.Orleans.Connections.Security).</summary>
public static class SiloBuilderTlsExtensions
{
    /// <summary>
    /// When <c>Orleans:Tls:Enabled</c> is true, the silo and gateway ports accept only TLS connections presenting a
    /// certificate of this cluster, and connections to other silos present <c>Orleans:Tls:CertificatePath</c>.
    /// Safe to call twice. There is no <c>OptionsBuilder</c> overload: Orleans' TLS middleware takes the certificate
    /// while the host is built, before options are resolved from services.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="configuration">The configuration holding <c>Orleans:Tls</c>.</param>
    /// <param name="configure">Changes <see cref="ClusterTlsOptions"/> after binding.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">TLS is enabled and a setting is missing or wrong, or a certificate cannot be loaded.</exception>
    public static ISiloBuilder UseAutomationTls(this ISiloBuilder silo, IConfiguration configuration, Action<ClusterTlsOptions>? configure = null)
    {
        var credentials = ClusterTlsCredentials.FromConfiguration(configuration, ClusterTlsRole.Silo, configure);
        if (credentials is null || !silo.Services.TryAddClusterTls(credentials))
        {
            return silo;
        }

        return silo.UseTls(credentials.Certificate, tls =>
        {
            // Inbound: a client or silo without a certificate is refused; outbound: a silo must present one.
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = credentials.ValidateRemoteCertificate;
        });
    }
}
