using System.Net;
using System.Net.Sockets;
using Automation.Grains.Outbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Tests.Outbound;

/// <summary>The outbound address policy and its connector against real sockets on this machine (unit tier: no silo).</summary>
public sealed class OutboundConnectorTests
{
    private static OutboundConnector Connector(bool allowPrivate = false, params string[] allow)
    {
        var options = new OutboundOptions { AllowPrivateNetworks = allowPrivate };
        foreach (var entry in allow)
        {
            options.Allow.Add(entry);
        }

        return new OutboundConnector(new OutboundAddressPolicy(Options.Create(options)));
    }

    private static OutboundAddressPolicy Policy(bool allowPrivate = false, params string[] allow)
    {
        var options = new OutboundOptions { AllowPrivateNetworks = allowPrivate };
        foreach (var entry in allow)
        {
            options.Allow.Add(entry);
        }

        return new OutboundAddressPolicy(Options.Create(options));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.5")]
    [InlineData("172.16.3.4")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.10.10")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.5")]
    [InlineData("64:ff9b::a00:5")]
    [InlineData("2002:a00:5::1")]
    public void Refusal_NonPublicAddressByDefault_NamesTheAddressAndTheSetting(string address)
    {
        var refusal = Policy().Refusal(address, IPAddress.Parse(address));

        refusal.Should().NotBeNull().And.Contain("is not allowed by Automation:Outbound").And.Contain("AllowPrivateNetworks");
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("100.100.100.200")]
    public void Refusal_MetadataAddress_RefusedEvenWithPrivateNetworksAndABroadRange(string address)
    {
        var policy = Policy(allowPrivate: true, "169.254.0.0/16", "fd00::/8", "100.64.0.0/10", "0.0.0.0/0", "metadata.internal");

        var refusal = policy.Refusal("metadata.internal", IPAddress.Parse(address));

        refusal.Should().NotBeNull().And.Contain("cloud metadata address");
    }

    [Fact]
    public void Refusal_MetadataAddressListedAlone_IsAllowed()
    {
        var refusal = Policy(false, "169.254.169.254").Refusal("169.254.169.254", IPAddress.Parse("169.254.169.254"));

        refusal.Should().BeNull();
    }

    [Theory]
    [InlineData("10.0.0.5", false, "10.0.0.0/8")]
    [InlineData("10.0.0.5", true)]
    [InlineData("::1", false, "::1/128")]
    [InlineData("93.184.216.34", false)]
    [InlineData("2606:2800:220:1::1", false)]
    public void Refusal_PublicOrAllowedAddress_IsAllowed(string address, bool allowPrivate, params string[] allow)
    {
        var refusal = Policy(allowPrivate, allow).Refusal(address, IPAddress.Parse(address));

        refusal.Should().BeNull();
    }

    [Fact]
    public void Refusal_AllowedHostName_AllowsWhatItResolvesTo()
    {
        var policy = Policy(false, "*.corp.example", "hooks.example");

        policy.Refusal("api.corp.example", IPAddress.Parse("10.1.2.3")).Should().BeNull();
        policy.Refusal("HOOKS.example.", IPAddress.Parse("10.1.2.3")).Should().BeNull();
        policy.Refusal("corp.example", IPAddress.Parse("10.1.2.3")).Should().NotBeNull("a wildcard names subdomains only");
    }

    [Fact]
    public async Task ConnectAsync_LoopbackListenerByDefault_RefusesBeforeConnecting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var act = () => Connector().ConnectAsync("127.0.0.1", port, CancellationToken.None);

        (await act.Should().ThrowAsync<OutboundAddressRefusedException>()).Which.Message
            .Should().StartWith("address 127.0.0.1 is not allowed by Automation:Outbound");
        listener.Pending().Should().BeFalse("no connection was made");
    }

    [Fact]
    public async Task ConnectAsync_HostNameResolvingToLoopback_RefusesTheResolvedAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var act = () => Connector().ConnectAsync("localhost", port, CancellationToken.None);

        (await act.Should().ThrowAsync<OutboundAddressRefusedException>()).Which.Message.Should().Contain("is not allowed by Automation:Outbound");
        listener.Pending().Should().BeFalse();
    }

    [Fact]
    public async Task ConnectAsync_MetadataAddressWithPrivateNetworksAllowed_IsRefused()
    {
        var act = () => Connector(allowPrivate: true).ConnectAsync("169.254.169.254", 80, CancellationToken.None);

        (await act.Should().ThrowAsync<OutboundAddressRefusedException>()).Which.Message.Should().Contain("169.254.169.254 is a cloud metadata address");
    }

    [Fact]
    public async Task ConnectAsync_LoopbackAllowedExplicitly_Connects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        using var socket = await Connector(false, "127.0.0.0/8").ConnectAsync("127.0.0.1", port, CancellationToken.None);
        using var accepted = await listener.AcceptSocketAsync();

        socket.Connected.Should().BeTrue();
        ((IPEndPoint)accepted.LocalEndPoint!).Port.Should().Be(port);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("not a host!")]
    [InlineData("")]
    public void Validator_BadAllowEntry_FailsNamingTheEntry(string entry)
    {
        var options = new OutboundOptions();
        options.Allow.Add(entry);

        var result = new OutboundOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("Automation:Outbound:Allow:0");
    }

    [Fact]
    public void AddAutomationOutbound_EnvironmentStyleSettings_BindTheAllowList()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Automation:Outbound:Allow:0"] = "127.0.0.0/8",
            ["Automation:Outbound:Allow:1"] = "::1/128",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddAutomationOutbound().BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<OutboundOptions>>().Value;

        options.Allow.Should().Equal("127.0.0.0/8", "::1/128");
        options.AllowPrivateNetworks.Should().BeFalse("the default refuses private networks");
    }
}
