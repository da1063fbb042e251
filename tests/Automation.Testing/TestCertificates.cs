using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Automation.Testing;

/// <summary>
/// A throw-away certificate authority made with <see cref="CertificateRequest"/>: its certificate and the leaf
/// certificates it issues are written as PEM and PFX files under <see cref="Directory"/>, as a mounted secret would
/// hold them. ECDSA P-256 keys, so that making one costs milliseconds.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly X509Certificate2 _signer;

    private TestCertificateAuthority(string directory, X509Certificate2 signer)
    {
        Directory = directory;
        _signer = signer;
        Certificate = X509CertificateLoader.LoadCertificate(signer.RawData);
        CertificatePath = Path.Combine(directory, "ca.crt");
        File.WriteAllText(CertificatePath, Certificate.ExportCertificatePem());
    }

    /// <summary>Where the files are written.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate (public part).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as a PEM file (<c>ca.crt</c>).</summary>
    public string CertificatePath { get; }

    /// <summary>Creates a CA valid from a year ago to a year from now (so that it can issue expired certificates), writing into a new temp folder.</summary>
    /// <param name="name">The CA's common name.</param>
    /// <returns>The CA.</returns>
    public static TestCertificateAuthority Create(string name)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("automation-certs-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return new TestCertificateAuthority(directory, request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(1)));
    }

    /// <summary>Issues a leaf certificate for 127.0.0.1 and localhost and writes <c>{name}.crt</c>, <c>{name}.key</c> and <c>{name}.pfx</c>.</summary>
    /// <param name="name">The common name and file name.</param>
    /// <param name="notBefore">Start of validity; default an hour ago.</param>
    /// <param name="notAfter">End of validity; default in 30 days.</param>
    /// <param name="usages">Extended key usage OIDs; default server and client authentication.</param>
    /// <returns>The files and the certificate.</returns>
    public TestLeafCertificate Issue(string name, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, params string[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var oids = new OidCollection();
        foreach (var usage in usages.Length == 0 ? [TestLeafCertificate.ServerAuthentication, TestLeafCertificate.ClientAuthentication] : usages)
        {
            oids.Add(new Oid(usage));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var issued = request.Create(_signer, notBefore ?? DateTimeOffset.UtcNow.AddHours(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(16));
        var certificate = issued.CopyWithPrivateKey(key);

        var leaf = new TestLeafCertificate(
            certificate,
            Path.Combine(Directory, name + ".crt"),
            Path.Combine(Directory, name + ".key"),
            Path.Combine(Directory, name + ".pfx"),
            "pfx-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(leaf.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(leaf.KeyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(leaf.PfxPath, certificate.Export(X509ContentType.Pfx, leaf.PfxPassword));
        return leaf;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _signer.Dispose();
        Certificate.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>A leaf certificate and its files.</summary>
/// <param name="Certificate">The certificate with its private key.</param>
/// <param name="CertificatePath">PEM certificate (<c>tls.crt</c> of a Kubernetes TLS secret).</param>
/// <param name="KeyPath">PEM PKCS#8 private key (<c>tls.key</c>).</param>
/// <param name="PfxPath">PKCS#12 file with the key.</param>
/// <param name="PfxPassword">The PFX file's password.</param>
public sealed record TestLeafCertificate(X509Certificate2 Certificate, string CertificatePath, string KeyPath, string PfxPath, string PfxPassword)
{
    /// <summary>The server authentication extended key usage.</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>The client authentication extended key usage.</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>Environment variables that turn on cluster TLS with the PEM files, trusting <paramref name="authority"/>.</summary>
    /// <param name="authority">The CA whose certificates are accepted.</param>
    /// <returns>The <c>Orleans__Tls__*</c> variables.</returns>
    public Dictionary<string, string> PemEnvironment(TestCertificateAuthority authority) => new()
    {
        ["Orleans__Tls__Enabled"] = "true",
        ["Orleans__Tls__CertificatePath"] = CertificatePath,
        ["Orleans__Tls__KeyPath"] = KeyPath,
        ["Orleans__Tls__CaCertificatePath"] = authority.CertificatePath,
    };

    /// <summary>Environment variables that turn on cluster TLS with the PFX file, trusting <paramref name="authority"/>.</summary>
    /// <param name="authority">The CA whose certificates are accepted.</param>
    /// <returns>The <c>Orleans__Tls__*</c> variables.</returns>
    public Dictionary<string, string> PfxEnvironment(TestCertificateAuthority authority) => new()
    {
        ["Orleans__Tls__Enabled"] = "true",
        ["Orleans__Tls__CertificatePath"] = PfxPath,
        ["Orleans__Tls__Password"] = PfxPassword,
        ["Orleans__Tls__CaCertificatePath"] = authority.CertificatePath,
    };
}
