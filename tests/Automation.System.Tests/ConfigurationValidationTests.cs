using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Automation.Hosting;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Issue 12: invalid configuration stops start-up with one clear line per problem (naming the setting) and exit code
/// 2, from the real processes: a missing connection string, a negative duration, a malformed URL and an invalid port
/// on a silo; an HTTP port already in use on the API.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConfigurationValidationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _logs = Directory.CreateTempSubdirectory("automation-config-").FullName;
    private readonly List<ServiceProcess> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    [Fact]
    public async Task Silo_WithFourInvalidSettings_ExitsTwoWithOneLineNamingEach()
    {
        var silo = ServiceProcess.Launch("Automation.Silo", TestSilo.FreePort(), new Dictionary<string, string>
        {
            ["Automation__Postgres__ConnectionString"] = "",
            ["Automation__Alerts__AttemptTimeout"] = "-00:00:05",
            ["Automation__Alerts__DashboardBaseUrl"] = "automation.example.com/dashboard",
            ["Orleans__SiloPort"] = "70000",
            ["Orleans__GatewayPort"] = TestSilo.FreePort().ToString(CultureInfo.InvariantCulture),
        }, _logs);
        _processes.Add(silo);

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromMinutes(1));

        exitCode.Should().Be(HostStartup.ConfigurationErrorExitCode, silo.Tail());
        var errors = silo.ReadLog().Split('\n').Where(l => l.StartsWith("Configuration error: ", StringComparison.Ordinal)).ToList();
        errors.Should().ContainSingle(l => l.Contains("Automation:Postgres:ConnectionString (environment variable Automation__Postgres__ConnectionString) is required"));
        errors.Should().ContainSingle(l => l.Contains("Automation:Alerts:AttemptTimeout must be positive (was -00:00:05)"));
        errors.Should().ContainSingle(l => l.Contains("Automation:Alerts:DashboardBaseUrl"));
        errors.Should().ContainSingle(l => l.Contains("Orleans:SiloPort must be 1 to 65535 (was 70000)"));
        errors.Should().HaveCount(4, string.Join('\n', errors));
        silo.ReadLog().Should().NotContain("   at ", "the problems are reported as lines, not as a stack trace");
    }

    [Fact]
    public async Task Api_WhosePortIsInUse_ExitsTwoNamingTheAddress()
    {
        // The API binds its port once its Orleans client has connected, so a silo runs.
        await using var cluster = await ProcessCluster.CreateAsync("config", output);
        await cluster.StartSiloAsync(TimeSpan.FromSeconds(30));
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var env = new Dictionary<string, string>(TestAuth.ApiEnvironment)
        {
            ["Automation__Postgres__ConnectionString"] = cluster.ConnectionString,
            ["Orleans__ClusterId"] = cluster.Name,
            ["Orleans__ServiceId"] = cluster.Name,
        };
        var api = ServiceProcess.Launch("Automation.Api", port, env, _logs);
        _processes.Add(api);

        var exitCode = await api.WaitForExitAsync(TimeSpan.FromMinutes(1));

        exitCode.Should().Be(HostStartup.ConfigurationErrorExitCode, api.Tail());
        api.ReadLog().Split('\n').Should().ContainSingle(l => l.StartsWith("Configuration error: ", StringComparison.Ordinal)
            && l.Contains($"127.0.0.1:{port}") && l.Contains("address already in use"));
    }
}
