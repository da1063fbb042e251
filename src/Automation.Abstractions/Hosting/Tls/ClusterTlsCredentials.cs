using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Automation.Hosting.Tls;

/// <summary>
/// The certificates named by <see cref="ClusterTlsOptions"/>, loaded once while the host is built (Orleans' TLS
/// middleware takes the certificate then), and the check applied to every remote silo or client certificate.
/// </summary>
public sealed partial class ClusterTlsCredentials
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2Collection _authorities;
    private readonly HashSet<string> _thumbprints;
    private readonly TimeProvider _time;

    private ClusterTlsCredentials(X509Certificate2 certificate, X509Certificate2Collection authorities, HashSet<string> thumbprints, bool allowAny, TimeProvider time)
    {
        Certificate = certificate;
        _authorities = authorities;
        _thumbprints = thumbprints;
        AllowsAnyRemoteCertificate = allowAny;
        _time = time;
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificates a remote certificate may chain to.</summary>
    public IReadOnlyList<X509Certificate2> Authorities => [.. _authorities];

    /// <summary>The pinned thumbprints, upper-case hex.</summary>
    public IReadOnlyCollection<string> AllowedThumbprints => _thumbprints;

    /// <summary>Whether any remote certificate is accepted (<see cref="ClusterTlsOptions.AllowAnyRemoteCertificate"/>).</summary>
    public bool AllowsAnyRemoteCertificate { get; }

    /// <summary>Binds <c>Orleans:Tls</c> and loads its certificates when TLS is enabled.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="role">Whether this node is a silo or a client.</param>
    /// <param name="configure">Changes the options after binding.</param>
    /// <returns>The credentials, or <see langword="null"/> when <see cref="ClusterTlsOptions.Enabled"/> is false.</returns>
    /// <exception cref="OptionsValidationException">A setting is missing or wrong, or a certificate cannot be loaded; the message names the setting.</exception>
    public static ClusterTlsCredentials? FromConfiguration(IConfiguration configuration, ClusterTlsRole role, Action<ClusterTlsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ClusterTlsOptions();
        configuration.GetSection(ClusterTlsOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        return options.Enabled ? Load(options, role) : null;
    }

    /// <summary>Validates the options and loads the certificates they name.</summary>
    /// <param name="options">Enabled options.</param>
    /// <param name="role">Whether this node is a silo or a client.</param>
    /// <param name="time">The clock that decides whether certificates are current; default the system clock.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="OptionsValidationException">A setting is missing or wrong, or a certificate cannot be loaded; the message names the setting.</exception>
    public static ClusterTlsCredentials Load(ClusterTlsOptions options, ClusterTlsRole role, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        var validation = new ClusterTlsOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw Invalid(validation.Failures ?? [validation.FailureMessage]);
        }

        var certificate = LoadCertificate(options);
        CheckCertificate(certificate, role, time);
        var authorities = string.IsNullOrWhiteSpace(options.CaCertificatePath) ? [] : LoadAuthorities(options.CaCertificatePath);
        var thumbprints = options.AllowedThumbprints.Select(NormalizeThumbprint).ToHashSet(StringComparer.Ordinal);
        return new ClusterTlsCredentials(certificate, authorities, thumbprints, options.AllowAnyRemoteCertificate, time);
    }

    /// <summary>
    /// Whether a remote silo or client belongs to the cluster: its certificate is current and pinned by thumbprint, or
    /// chains to a configured CA. Host-name mismatches in <paramref name="policyErrors"/> are ignored (nodes are
    /// addressed by IP); the chain is built again against the configured CA only, not the machine's trust store.
    /// </summary>
    /// <param name="certificate">The remote certificate.</param>
    /// <param name="chain">The chain the remote sent, used for its intermediates.</param>
    /// <param name="policyErrors">The platform's verdict (not used: it trusts the machine's store and checks host names).</param>
    /// <returns>Whether to accept the connection.</returns>
    public bool ValidateRemoteCertificate(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors policyErrors)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (AllowsAnyRemoteCertificate)
        {
            return true;
        }

        var now = _time.GetUtcNow();
        if (_thumbprints.Count > 0 && IsCurrent(certificate, now)
            && (_thumbprints.Contains(certificate.GetCertHashString(HashAlgorithmName.SHA1)) || _thumbprints.Contains(certificate.GetCertHashString(HashAlgorithmName.SHA256))))
        {
            return true;
        }

        return _authorities.Count > 0 && ChainsToAuthority(certificate, chain, now);
    }

    /// <summary>Whether a certificate file is PKCS#12 (by its name: <c>.pfx</c> or <c>.p12</c>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>True for PKCS#12; otherwise the file is read as PEM.</returns>
    internal static bool IsPkcs12(string path) =>
        Path.GetExtension(path).Equals(".pfx", StringComparison.OrdinalIgnoreCase) || Path.GetExtension(path).Equals(".p12", StringComparison.OrdinalIgnoreCase);

    /// <summary>A thumbprint as upper-case hex without separators.</summary>
    /// <param name="thumbprint">As configured, e.g. <c>ab:cd:…</c> from <c>openssl x509 -fingerprint</c>.</param>
    /// <returns>The normalized thumbprint.</returns>
    internal static string NormalizeThumbprint(string thumbprint) =>
        new(thumbprint.Where(c => c is not (':' or ' ' or '-')).Select(char.ToUpperInvariant).ToArray());

    private bool ChainsToAuthority(X509Certificate2 certificate, X509Chain? sent, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        // A private cluster CA usually publishes no revocation list; revoke by replacing the CA or pinning thumbprints.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.LocalDateTime;
        if (sent is not null)
        {
            foreach (var element in sent.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }

    private static bool IsCurrent(X509Certificate2 certificate, DateTimeOffset now) =>
        now >= new DateTimeOffset(certificate.NotBefore.ToUniversalTime()) && now <= new DateTimeOffset(certificate.NotAfter.ToUniversalTime());

    private static OptionsValidationException Invalid(IEnumerable<string> failures) =>
        new(Options.DefaultName, typeof(ClusterTlsOptions), failures);
}
