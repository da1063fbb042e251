using System.Net.Security;
using System.Security.Cryptography;
using Automation.Hosting.Tls;
using Automation.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Automation.Abstractions.Tests.Hosting.Tls;

/// <summary>Loading the cluster TLS certificates and the start-up errors that name the wrong setting.</summary>
public sealed class ClusterTlsCredentialsTests : IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("cluster-ca");

    public void Dispose() => _ca.Dispose();

    [Fact]
    public void FromConfiguration_WhenDisabled_ReturnsNullWithoutReadingFiles()
    {
        var configuration = Configuration(new() { ["Orleans:Tls:Enabled"] = "false", ["Orleans:Tls:CertificatePath"] = "/nowhere/node.pfx" });

        var credentials = ClusterTlsCredentials.FromConfiguration(configuration, ClusterTlsRole.Silo);

        credentials.Should().BeNull();
    }

    [Fact]
    public void FromConfiguration_PemFilesAndCa_LoadsCertificateWithKey()
    {
        var leaf = _ca.Issue("silo");
        var configuration = Configuration(new()
        {
            ["Orleans:Tls:Enabled"] = "true",
            ["Orleans:Tls:CertificatePath"] = leaf.CertificatePath,
            ["Orleans:Tls:KeyPath"] = leaf.KeyPath,
            ["Orleans:Tls:CaCertificatePath"] = _ca.CertificatePath,
        });

        var credentials = ClusterTlsCredentials.FromConfiguration(configuration, ClusterTlsRole.Silo);

        credentials!.Certificate.Thumbprint.Should().Be(leaf.Certificate.Thumbprint);
        credentials.Certificate.HasPrivateKey.Should().BeTrue();
        credentials.Authorities.Should().ContainSingle().Which.Thumbprint.Should().Be(_ca.Certificate.Thumbprint);
    }

    [Fact]
    public void Load_PfxWithPassword_LoadsCertificateWithKey()
    {
        var leaf = _ca.Issue("silo");

        var credentials = ClusterTlsCredentials.Load(Pfx(leaf), ClusterTlsRole.Silo);

        credentials.Certificate.Thumbprint.Should().Be(leaf.Certificate.Thumbprint);
        credentials.Certificate.HasPrivateKey.Should().BeTrue();
    }

    [Fact]
    public void Load_WithoutCertificatePath_FailsNamingTheSetting()
    {
        var options = new ClusterTlsOptions { Enabled = true, CaCertificatePath = _ca.CertificatePath };

        var load = () => ClusterTlsCredentials.Load(options, ClusterTlsRole.Silo);

        load.Should().Throw<OptionsValidationException>()
            .WithMessage("*Orleans:Tls:CertificatePath (environment variable Orleans__Tls__CertificatePath) is required*");
    }

    [Fact]
    public void Load_WhenCertificateFileIsMissing_FailsNamingTheSettingAndPath()
    {
        var options = new ClusterTlsOptions { Enabled = true, CertificatePath = "/nowhere/node.crt", KeyPath = "/nowhere/node.key", CaCertificatePath = _ca.CertificatePath };

        var load = () => ClusterTlsCredentials.Load(options, ClusterTlsRole.Silo);

        load.Should().Throw<OptionsValidationException>()
            .Where(e => e.Message.Contains("Orleans:Tls:CertificatePath") && e.Message.Contains("'/nowhere/node.crt' does not exist")
                && e.Message.Contains("Orleans:Tls:KeyPath") && e.Message.Contains("'/nowhere/node.key' does not exist"));
    }

    [Fact]
    public void Load_PfxWithWrongPassword_FailsNamingThePasswordSettingWithoutEchoingIt()
    {
        var options = Pfx(_ca.Issue("silo"));
        options.Password = "wrong-hunter2";

        var load = () => ClusterTlsCredentials.Load(options, ClusterTlsRole.Silo);

        load.Should().Throw<OptionsValidationException>()
            .Where(e => e.Message.Contains("Orleans:Tls:Password") && e.Message.Contains("cannot be opened") && !e.Message.Contains("hunter2"));
    }

    [Fact]
    public void Load_PemWithKeyOfAnotherCertificate_FailsNamingTheSettings()
    {
        var leaf = _ca.Issue("silo");
        var other = _ca.Issue("other");
        var options = new ClusterTlsOptions { Enabled = true, CertificatePath = leaf.CertificatePath, KeyPath = other.KeyPath, CaCertificatePath = _ca.CertificatePath };

        var load = () => ClusterTlsCredentials.Load(options, ClusterTlsRole.Silo);

        load.Should().Throw<OptionsValidationException>().WithMessage("*Orleans:Tls:CertificatePath*Orleans:Tls:KeyPath*cannot load*");
    }

    [Fact]
    public void Load_WithoutCaOrThumbprints_RequiresATrustRule()
    {
        var leaf = _ca.Issue("silo");
        var options = new ClusterTlsOptions { Enabled = true, CertificatePath = leaf.CertificatePath, KeyPath = leaf.KeyPath };

        var load = () => ClusterTlsCredentials.Load(options, ClusterTlsRole.Silo);

        load.Should().Throw<OptionsValidationException>()
            .WithMessage("*Set Orleans:Tls:CaCertificatePath*or Orleans:Tls:AllowedThumbprints*AllowAnyRemoteCertificate*development only*");
    }

    [Fact]
    public void Load_WithMalformedThumbprint_FailsNamingIt()
    {
        var options = Pem(_ca.Issue("silo"));
        options.AllowedThumbprints = ["not-a-thumbprint"];

        var load = () => ClusterTlsCredentials.Load(options, ClusterTlsRole.Silo);

        load.Should().Throw<OptionsValidationException>().WithMessage("*Orleans:Tls:AllowedThumbprints*'not-a-thumbprint'*");
    }

    [Fact]
    public void Load_ExpiredCertificate_FailsNamingTheSetting()
    {
        var expired = _ca.Issue("silo", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));

        var load = () => ClusterTlsCredentials.Load(Pem(expired), ClusterTlsRole.Silo);

        load.Should().Throw<OptionsValidationException>().WithMessage("*Orleans:Tls:CertificatePath*is valid from*not now*");
    }

    [Fact]
    public void Load_ClientOnlyCertificateOnSilo_FailsButIsFineForAClient()
    {
        var clientOnly = _ca.Issue("api", usages: TestLeafCertificate.ClientAuthentication);

        var silo = () => ClusterTlsCredentials.Load(Pem(clientOnly), ClusterTlsRole.Silo);
        var client = () => ClusterTlsCredentials.Load(Pem(clientOnly), ClusterTlsRole.Client);

        silo.Should().Throw<OptionsValidationException>().WithMessage("*Orleans:Tls:CertificatePath*serverAuth and clientAuth*");
        client.Should().NotThrow();
    }

    [Fact]
    public void ValidateRemoteCertificate_IssuedByTheConfiguredCa_Accepts()
    {
        var credentials = ClusterTlsCredentials.Load(Pem(_ca.Issue("silo-a")), ClusterTlsRole.Silo);

        var accepted = credentials.ValidateRemoteCertificate(_ca.Issue("silo-b").Certificate, null, SslPolicyErrors.RemoteCertificateChainErrors);

        accepted.Should().BeTrue();
    }

    [Fact]
    public void ValidateRemoteCertificate_IssuedByAnotherCa_Rejects()
    {
        using var other = TestCertificateAuthority.Create("other-ca");
        var credentials = ClusterTlsCredentials.Load(Pem(_ca.Issue("silo-a")), ClusterTlsRole.Silo);

        var accepted = credentials.ValidateRemoteCertificate(other.Issue("intruder").Certificate, null, SslPolicyErrors.None);

        accepted.Should().BeFalse("the platform's verdict does not matter, only the configured CA does");
    }

    [Fact]
    public void ValidateRemoteCertificate_ExpiredCertificateOfTheCa_Rejects()
    {
        var credentials = ClusterTlsCredentials.Load(Pem(_ca.Issue("silo-a")), ClusterTlsRole.Silo);
        var expired = _ca.Issue("old", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));

        var accepted = credentials.ValidateRemoteCertificate(expired.Certificate, null, SslPolicyErrors.None);

        accepted.Should().BeFalse();
    }

    [Theory]
    [InlineData("SHA1")]
    [InlineData("SHA256")]
    public void ValidateRemoteCertificate_PinnedThumbprint_AcceptsWhateverTheIssuer(string algorithm)
    {
        using var other = TestCertificateAuthority.Create("other-ca");
        var pinned = other.Issue("pinned").Certificate;
        var hex = pinned.GetCertHashString(new HashAlgorithmName(algorithm));
        var options = Pem(_ca.Issue("silo-a"));
        options.CaCertificatePath = null;
        // As `openssl x509 -fingerprint` prints it: lower case is accepted too, colons are ignored.
        options.AllowedThumbprints = [string.Join(':', hex.Chunk(2).Select(c => new string(c))).ToLowerInvariant()];
        var credentials = ClusterTlsCredentials.Load(options, ClusterTlsRole.Silo);

        var pinnedAccepted = credentials.ValidateRemoteCertificate(pinned, null, SslPolicyErrors.RemoteCertificateChainErrors);
        var otherAccepted = credentials.ValidateRemoteCertificate(other.Issue("not-pinned").Certificate, null, SslPolicyErrors.None);

        pinnedAccepted.Should().BeTrue();
        otherAccepted.Should().BeFalse();
    }

    [Fact]
    public void ValidateRemoteCertificate_WithAllowAnyRemoteCertificate_AcceptsAnyIssuer()
    {
        using var other = TestCertificateAuthority.Create("other-ca");
        var options = Pem(_ca.Issue("silo-a"));
        options.CaCertificatePath = null;
        options.AllowAnyRemoteCertificate = true;
        var credentials = ClusterTlsCredentials.Load(options, ClusterTlsRole.Silo);

        var accepted = credentials.ValidateRemoteCertificate(other.Issue("anyone").Certificate, null, SslPolicyErrors.RemoteCertificateChainErrors);

        accepted.Should().BeTrue();
    }

    [Fact]
    public void ClusterTlsOptions_ToString_HidesThePassword()
    {
        var options = new ClusterTlsOptions { Enabled = true, CertificatePath = "/certs/node.pfx", Password = "hunter2" };

        var text = options.ToString();

        text.Should().Contain("/certs/node.pfx").And.Contain("[redacted]").And.NotContain("hunter2");
    }

    private ClusterTlsOptions Pem(TestLeafCertificate leaf) => new()
    {
        Enabled = true,
        CertificatePath = leaf.CertificatePath,
        KeyPath = leaf.KeyPath,
        CaCertificatePath = _ca.CertificatePath,
    };

    private ClusterTlsOptions Pfx(TestLeafCertificate leaf) => new()
    {
        Enabled = true,
        CertificatePath = leaf.PfxPath,
        Password = leaf.PfxPassword,
        CaCertificatePath = _ca.CertificatePath,
    };

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
