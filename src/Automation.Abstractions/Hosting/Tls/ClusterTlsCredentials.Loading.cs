using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Automation.Hosting.Tls;

/// <summary>Reading the certificate files and checking this node's certificate.</summary>
public sealed partial class ClusterTlsCredentials
{
    private static X509Certificate2 LoadCertificate(ClusterTlsOptions options)
    {
        var path = options.CertificatePath!;
        var setting = ClusterTlsOptionsValidator.Setting(nameof(ClusterTlsOptions.CertificatePath));
        X509Certificate2 certificate;
        if (IsPkcs12(path))
        {
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.Password);
            }
            catch (CryptographicException ex)
            {
                throw Invalid([$"{setting}: the PFX file '{path}' cannot be opened with {ClusterTlsOptionsValidator.Setting(nameof(ClusterTlsOptions.Password))} " +
                    $"(wrong or missing password, or not a PKCS#12 file): {ex.Message}"]);
            }
        }
        else
        {
            var key = string.IsNullOrWhiteSpace(options.KeyPath) ? null : options.KeyPath;
            try
            {
                certificate = string.IsNullOrEmpty(options.Password)
                    ? X509Certificate2.CreateFromPemFile(path, key)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, options.Password, key);
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                // ArgumentException: no PEM block found, or the key does not match the certificate.
                throw Invalid([$"{setting} and {ClusterTlsOptionsValidator.Setting(nameof(ClusterTlsOptions.KeyPath))}: cannot load a PEM certificate from '{path}' with its private key from '{key ?? path}' " +
                    $"(an encrypted key needs {ClusterTlsOptionsValidator.Setting(nameof(ClusterTlsOptions.Password))}): {ex.Message}"]);
            }
        }

        if (!certificate.HasPrivateKey)
        {
            throw Invalid([$"{setting}: the certificate in '{path}' has no private key."]);
        }

        if (OperatingSystem.IsWindows() && !IsPkcs12(path))
        {
            // SChannel cannot use the ephemeral key of a certificate loaded from PEM; a PKCS#12 round trip persists it.
            using var pem = certificate;
            certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }

        return certificate;
    }

    private static void CheckCertificate(X509Certificate2 certificate, ClusterTlsRole role, TimeProvider time)
    {
        var setting = ClusterTlsOptionsValidator.Setting(nameof(ClusterTlsOptions.CertificatePath));
        var now = time.GetUtcNow();
        if (!IsCurrent(certificate, now))
        {
            throw Invalid([$"{setting}: the certificate '{certificate.Subject}' ({certificate.Thumbprint}) is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}, not now ({now.UtcDateTime:u})."]);
        }

        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault()?.EnhancedKeyUsages;
        if (usages is null)
        {
            return;
        }

        var oids = usages.Cast<Oid>().Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        if (!oids.Contains(ClientAuthentication) || (role == ClusterTlsRole.Silo && !oids.Contains(ServerAuthentication)))
        {
            var needed = role == ClusterTlsRole.Silo ? "serverAuth and clientAuth (a silo both accepts and opens connections)" : "clientAuth";
            throw Invalid([$"{setting}: the certificate '{certificate.Subject}' has extended key usages that do not include {needed}."]);
        }
    }

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        var setting = ClusterTlsOptionsValidator.Setting(nameof(ClusterTlsOptions.CaCertificatePath));
        var authorities = new X509Certificate2Collection();
        try
        {
            if (File.ReadAllText(path).Contains("-----BEGIN", StringComparison.Ordinal))
            {
                authorities.ImportFromPemFile(path);
            }
            else
            {
                authorities.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
        }
        catch (CryptographicException ex)
        {
            throw Invalid([$"{setting}: cannot read CA certificates from '{path}': {ex.Message}"]);
        }

        if (authorities.Count == 0)
        {
            throw Invalid([$"{setting}: '{path}' holds no certificate."]);
        }

        return authorities;
    }
}
