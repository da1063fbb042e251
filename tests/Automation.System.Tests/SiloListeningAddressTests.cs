using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Process level: which addresses the silo's Orleans ports listen on. By default only the advertised address
/// (127.0.0.1 here); <c>Orleans:ListenOnAnyHostAddress=true</c> opens every interface. Read from the kernel's socket
/// table (<c>/proc/net/tcp</c>), and by connecting through this machine's other IPv4 addresses when it has any.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SiloListeningAddressTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ProcessCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ProcessCluster.CreateAsync("listen", output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Silo_WithDefaultSettings_ListensOnTheAdvertisedLoopbackAddressOnly()
    {
        var (siloPort, gatewayPort, environment) = Ports();
        await _cluster.StartSiloAsync(TimeSpan.FromSeconds(30), environment);

        var listening = ListeningAddresses(siloPort, gatewayPort);
        var fromOtherAddresses = await ConnectFromNonLoopbackAsync(siloPort, gatewayPort);
        var fromLoopback = await ConnectAsync(IPAddress.Loopback, gatewayPort);

        listening.Should().Equal([$"127.0.0.1:{siloPort}", $"127.0.0.1:{gatewayPort}"]);
        fromOtherAddresses.Should().OnlyContain(r => r.EndsWith("refused", StringComparison.Ordinal));
        fromLoopback.Should().Be("connected");
    }

    [Fact]
    public async Task Silo_WithListenOnAnyHostAddress_ListensOnEveryInterface()
    {
        var (siloPort, gatewayPort, environment) = Ports();
        environment["Orleans__ListenOnAnyHostAddress"] = "true";
        await _cluster.StartSiloAsync(TimeSpan.FromSeconds(30), environment);

        var listening = ListeningAddresses(siloPort, gatewayPort);
        var fromOtherAddresses = await ConnectFromNonLoopbackAsync(siloPort, gatewayPort);

        listening.Should().Equal([$"0.0.0.0:{siloPort}", $"0.0.0.0:{gatewayPort}"]);
        fromOtherAddresses.Should().OnlyContain(r => r.EndsWith("connected", StringComparison.Ordinal));
    }

    private static (int SiloPort, int GatewayPort, Dictionary<string, string> Environment) Ports()
    {
        var siloPort = TestSilo.FreePort();
        var gatewayPort = TestSilo.FreePort();
        return (siloPort, gatewayPort, new Dictionary<string, string>
        {
            ["Orleans__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>The local addresses of listening TCP sockets on the ports, from <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c>, ordered by port.</summary>
    private static List<string> ListeningAddresses(int siloPort, int gatewayPort)
    {
        const string listen = "0A";
        var found = new List<(int Port, string Address)>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                var port = int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (fields[3] == listen && (port == siloPort || port == gatewayPort))
                {
                    found.Add((port, KernelAddress(local[0]).ToString() + ":" + port.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        return found.OrderBy(f => f.Port == siloPort ? 0 : 1).Select(f => f.Address).ToList();
    }

    /// <summary>An address as the kernel prints it: 32-bit words in host (little-endian) byte order.</summary>
    private static IPAddress KernelAddress(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPAddress(bytes);
    }

    /// <summary>Connects to both ports through every non-loopback IPv4 address of this machine: "address:port connected|refused|…".</summary>
    private async Task<List<string>> ConnectFromNonLoopbackAsync(params int[] ports)
    {
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
        output.WriteLine($"non-loopback IPv4 addresses: {string.Join(", ", addresses)}");
        var results = new List<string>();
        foreach (var address in addresses)
        {
            foreach (var port in ports)
            {
                results.Add($"{address}:{port} {await ConnectAsync(address, port)}");
            }
        }

        return results;
    }

    private static async Task<string> ConnectAsync(IPAddress address, int port)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return "connected";
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return "refused";
        }
    }
}
