using Automation.Hosting.Tls;
using Orleans.Connections.Security;

namespace Automation.Api.Hosting;

/// <summary>Mutual TLS from the API's Orleans client to silo gateways (Microsoft.Orleans.Connections.Security).</summary>
public static class ClientBuilderTlsExtensions
{
    /// <summary>
    /// When <c>Orleans:Tls:Enabled</c> is true, gateway connections use TLS, present <c>Orleans:Tls:CertificatePath</c>
    /// and accept only a gateway whose certificate belongs to this cluster. Safe to call twice. There is no
    /// <c>OptionsBuilder</c> overload: Orleans' TLS middleware takes the certificate while the host is built.
    /// </summary>
    /// <param name="client">The Orleans client builder.</param>
    /// <param name="configuration">The configuration holding <c>Orleans:Tls</c>.</param>
    /// <param name="configure">Changes <see cref="ClusterTlsOptions"/> after binding.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">TLS is enabled and a setting is missing or wrong, or a certificate cannot be loaded.</exception>
    public static IClientBuilder UseAutomationTls(this IClientBuilder client, IConfiguration configuration, Action<ClusterTlsOptions>? configure = null)
    {
        var credentials = ClusterTlsCredentials.FromConfiguration(configuration, ClusterTlsRole.Client, configure);
        if (credentials is null || !client.Services.TryAddClusterTls(credentials))
        {
            return client;
        }

        return client.UseTls(credentials.Certificate, tls =>
        {
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = credentials.ValidateRemoteCertificate;
        });
    }
}
