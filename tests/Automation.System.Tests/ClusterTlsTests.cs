using System.Net;
using Automation.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Process level: mutual TLS on the Orleans ports (<c>Orleans:Tls</c>). Silos admit each other and the API over TLS
/// with certificates of the cluster's CA; a silo with another CA's certificate, or without TLS, is not admitted.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ClusterTlsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Active = 3;
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("automation-cluster-ca");
    private ProcessCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ProcessCluster.CreateAsync("tls", output);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _ca.Dispose();
    }

    [Fact]
    public async Task TlsCluster_TwoSilosAndApi_SilosActiveAndApiReadyThroughTheGateway()
    {
        // One silo with PEM files as a Kubernetes TLS secret mounts them, one with a PFX file and its password.
        var first = await _cluster.StartSiloAsync(ReminderPeriod, _ca.Issue("silo-1").PemEnvironment(_ca));
        // Joining means pinging the first silo over its TLS silo port; ready means Active.
        var second = await _cluster.StartSiloAsync(ReminderPeriod, _ca.Issue("silo-2").PfxEnvironment(_ca));
        using var api = await _cluster.StartApiAsync(_ca.Issue("api", usages: TestLeafCertificate.ClientAuthentication).PemEnvironment(_ca));

        var statuses = await MembershipAsync();
        using var ready = await api.GetAsync("/ready");

        statuses.Values.Should().Equal([Active, Active], "both silos joined: {0}", _cluster.Tails());
        ready.StatusCode.Should().Be(HttpStatusCode.OK, "the API's readiness check calls a management grain through a TLS gateway");
        first.ReadLog().Should().Contain("Orleans TLS on: presenting CN=silo-1");
        second.ReadLog().Should().Contain("Orleans TLS on: presenting CN=silo-2");
    }

    [Theory]
    [InlineData("another CA")]
    [InlineData("no TLS")]
    public async Task TlsCluster_SiloWithCertificateOfAnotherCaOrWithoutTls_IsNotAdmitted(string intruder)
    {
        var member = await _cluster.StartSiloAsync(ReminderPeriod, _ca.Issue("member").PemEnvironment(_ca));
        using var other = TestCertificateAuthority.Create("other-ca");
        var environment = intruder == "no TLS" ? new Dictionary<string, string>() : other.Issue("intruder").PemEnvironment(other);
        var port = TestSilo.FreePort();
        environment["Orleans__SiloPort"] = port.ToString(global::System.Globalization.CultureInfo.InvariantCulture);

        var silo = _cluster.LaunchSilo(ReminderPeriod, environment);
        // The joining silo pings every active silo before it may become active, and retries for minutes.
        await WaitUntilAsync(() => silo.ReadLog().Contains("Failed to get ping responses from 1 of 1 active silos", StringComparison.Ordinal), "the intruder's failed connectivity check");
        await WaitUntilAsync(() => member.ReadLog().Contains("Orleans.Connections.Security.TlsServerConnectionMiddleware", StringComparison.Ordinal), "the member's TLS handshake failure");
        var statuses = await MembershipAsync();

        statuses.Should().ContainKey(port).WhoseValue.Should().NotBe(Active);
        statuses.Values.Count(s => s == Active).Should().Be(1, "only the member is active");
        silo.IsRunning.Should().BeTrue("the intruder is still trying to join");
        member.ReadLog().Should().Contain("Authentication failed");
    }

    /// <summary>The cluster's membership rows: silo port → status.</summary>
    private async Task<Dictionary<int, int>> MembershipAsync()
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port, status FROM orleansmembershiptable WHERE deploymentid = @cluster ORDER BY port", connection);
        command.Parameters.AddWithValue("cluster", _cluster.Name);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<int, int>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetInt32(0)] = reader.GetInt32(1);
        }

        return rows;
    }

    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {what} within {Deadline}:\n{_cluster.Tails()}");
            }

            await Task.Delay(200);
        }
    }
}
