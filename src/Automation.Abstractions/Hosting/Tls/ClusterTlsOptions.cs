namespace Automation.Hosting.Tls;

/// <summary>
/// Mutual TLS on the Orleans ports: between silos (silo port) and from the API's Orleans client to silos (gateway
/// port). Bound from the configuration section <c>Orleans:Tls</c> by both hosts.
/// </summary>
/// <remarks>
/// Every node presents <see cref="CertificatePath"/> and accepts a remote node only if its certificate chains to
/// <see cref="CaCertificatePath"/> or is one of <see cref="AllowedThumbprints"/>. Host names are not checked: nodes
/// connect to each other by IP address, so membership is proven by the issuing CA or the pinned thumbprint alone.
/// </remarks>
public sealed class ClusterTlsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Orleans:Tls";

    /// <summary>Whether the Orleans ports speak TLS.</summary>
    /// <value>Default <see langword="false"/>: plain TCP, for a private network only.</value>
    public bool Enabled { get; set; }

    /// <summary>
    /// This node's certificate: a PKCS#12 file (<c>.pfx</c> or <c>.p12</c>, key included, opened with
    /// <see cref="Password"/>) or a PEM certificate (any other name, its key in <see cref="KeyPath"/> or in the same file).
    /// </summary>
    /// <remarks>Required when <see cref="Enabled"/>. Its extended key usages, if any, must include client authentication, and on a silo server authentication.</remarks>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/> (<c>tls.key</c> of a Kubernetes TLS secret).</summary>
    /// <value>Default <see langword="null"/>: the key is in the certificate file.</value>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PFX file or of an encrypted PEM key. Secret: never logged and never shown in error messages.</summary>
    public string? Password { get; set; }

    /// <summary>PEM file of the CA certificate(s) that issue this cluster's certificates; a remote certificate issued by one of them is accepted.</summary>
    /// <remarks>Use a CA dedicated to this cluster: any certificate it issued lets its holder join the cluster.</remarks>
    public string? CaCertificatePath { get; set; }

    /// <summary>Certificates accepted by their SHA-1 or SHA-256 thumbprint (hex; colons and spaces are ignored), whoever issued them.</summary>
    public IList<string> AllowedThumbprints { get; set; } = [];

    /// <summary>Accepts any remote certificate: the traffic is encrypted but anyone who can reach a port can join. For development only.</summary>
    /// <value>Default <see langword="false"/>. A remote node must still present a certificate.</value>
    public bool AllowAnyRemoteCertificate { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"ClusterTlsOptions {{ Enabled = {Enabled}, CertificatePath = {CertificatePath}, KeyPath = {KeyPath}, Password = {(Password is null ? "null" : "[redacted]")}, " +
        $"CaCertificatePath = {CaCertificatePath}, AllowedThumbprints = [{string.Join(", ", AllowedThumbprints)}], AllowAnyRemoteCertificate = {AllowAnyRemoteCertificate} }}";
}
