using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Automation.Hosting.Tls;

/// <summary>Says at start-up which certificate the Orleans ports present and which remote certificates they accept.</summary>
internal sealed partial class ClusterTlsStartupLog(ClusterTlsCredentials credentials, ILogger<ClusterTlsStartupLog> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var certificate = credentials.Certificate;
        LogEnabled(logger, certificate.Subject, certificate.Thumbprint, certificate.NotAfter.ToUniversalTime(),
            string.Join("; ", credentials.Authorities.Select(a => a.Subject)), credentials.AllowedThumbprints.Count);
        if (credentials.AllowsAnyRemoteCertificate)
        {
            LogAnyRemoteCertificate(logger);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans TLS on: presenting {Subject} ({Thumbprint}, expires {NotAfter:u}); accepting certificates issued by [{Authorities}] or pinned by {PinnedCount} thumbprint(s).")]
    private static partial void LogEnabled(ILogger logger, string subject, string thumbprint, DateTime notAfter, string authorities, int pinnedCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Orleans TLS accepts ANY remote certificate (Orleans:Tls:AllowAnyRemoteCertificate=true): anyone who reaches the silo or gateway port can join. For development only.")]
    private static partial void LogAnyRemoteCertificate(ILogger logger);
}
