using Automation.Grains.Hosting;
using Automation.Services;
using Automation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Grains.Tests.Services;

/// <summary>
/// Kubernetes discovery against a fake API server (a real local HTTP server answering like the Kubernetes API), on a
/// real cluster and PostgreSQL (issue 11, item 1): labelled Services are registered, follow changes, are removed when
/// they disappear, survive a failed list, and a service registered by hand is never touched.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KubernetesDiscoveryTests
{
    private static readonly Dictionary<string, string> Monitored = new() { ["automation/monitor"] = "true", ["app"] = "orders" };

    [Fact]
    public async Task Sync_ServicesAddedChangedAndRemoved_RegisteredServicesFollowAndHandRegisteredAreLeftAlone()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var fake = await FakeKubernetesApi.StartAsync();
        var tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(tokenFile, fake.Token + "\n");
        await using var cluster = await AutomationTestCluster.StartAsync(db, configureSilo: silo =>
            silo.Services.Configure<KubernetesDiscoveryOptions>(o =>
            {
                o.Enabled = true;
                o.ApiServer = fake.BaseUrl;
                o.Namespace = "shop";
                o.TokenPath = tokenFile;
                o.Interval = TimeSpan.FromHours(1); // the test drives the passes
            }));
        var handMade = new ServiceSpec(new ProbeSpec(ProbeType.Tcp, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)) { Host = "127.0.0.1", Port = 9 }, HealthThresholds.Default)
        {
            Owner = "team-hand",
        };
        await cluster.Client.GetGrain<IServiceGrain>("payments").PutAsync(handMade, "alice");
        fake.Put("shop", "orders", Monitored, new Dictionary<string, string>
        {
            ["automation/probe-path"] = "/healthz",
            ["automation/probe-port"] = "http",
            ["automation/interval"] = "10s",
            ["automation/owner"] = "team-orders",
            ["automation/tags"] = "tier-1, orders",
        }, ("grpc", 9000), ("http", 8080));
        fake.Put("shop", "payments", Monitored, new Dictionary<string, string> { ["automation/name"] = "payments" }, ("http", 80));
        fake.Put("shop", "unlabelled", new Dictionary<string, string> { ["app"] = "x" }, new Dictionary<string, string>(), ("http", 80));
        fake.Put("other", "elsewhere", Monitored, new Dictionary<string, string>(), ("http", 80));
        fake.Put("shop", "bad", Monitored, new Dictionary<string, string> { ["automation/interval"] = "soon" }, ("http", 80));
        var discovery = cluster.Client.GetGrain<IKubernetesDiscoveryGrain>(IKubernetesDiscoveryGrain.Key);
        var orders = cluster.Client.GetGrain<IServiceGrain>("orders.shop");

        var first = await discovery.SyncAsync();
        var added = await orders.GetAsync();
        fake.Put("shop", "orders", Monitored, new Dictionary<string, string> { ["automation/probe-type"] = "tcp", ["automation/interval"] = "20s" }, ("http", 8080));
        var changed = await discovery.SyncAsync();
        var afterChange = await orders.GetAsync();
        fake.FailWith = 403;
        var failedList = await discovery.SyncAsync();
        var afterFailedList = await orders.GetAsync();
        fake.FailWith = null;
        fake.Remove("shop", "orders");
        var removed = await discovery.SyncAsync();
        var afterRemove = await orders.GetAsync();
        var payments = await cluster.Client.GetGrain<IServiceGrain>("payments").GetAsync();
        var names = await cluster.Client.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key).ListAsync();

        fake.Requests.Should().Contain("/api/v1/namespaces/shop/services?labelSelector=automation%2Fmonitor%3Dtrue");
        added.Should().NotBeNull();
        added!.CreatedBy.Should().Be("discovery:kubernetes");
        added.Spec.Probe.Url.Should().Be("http://orders.shop.svc.cluster.local:8080/healthz", "the annotation names the port 'http'");
        added.Spec.Probe.Interval.Should().Be(TimeSpan.FromSeconds(10));
        added.Spec.Owner.Should().Be("team-orders");
        added.Spec.Tags.Should().Equal("discovered:kubernetes", "tier-1", "orders");
        first.Skipped.Should().Contain(s => s.Contains("'payments' is registered by hand"));
        first.Skipped.Should().Contain(s => s.StartsWith("shop/bad: automation/interval 'soon'"));
        changed.Updated.Should().Equal("orders.shop");
        afterChange!.Spec.Probe.Type.Should().Be(ProbeType.Tcp);
        afterChange.Spec.Probe.Host.Should().Be("orders.shop.svc.cluster.local");
        afterChange.Spec.Probe.Port.Should().Be(8080);
        afterChange.Spec.Probe.Interval.Should().Be(TimeSpan.FromSeconds(20));
        failedList.Error.Should().Contain("403");
        afterFailedList.Should().NotBeNull("a failed list removes nothing");
        removed.Removed.Should().Equal("orders.shop");
        afterRemove.Should().BeNull();
        payments!.Spec.Should().BeEquivalentTo(handMade, "a service registered by hand is never touched");
        payments.CreatedBy.Should().Be("alice");
        names.Should().NotContain(["orders.shop", "elsewhere.other", "unlabelled.shop", "bad.shop"]);
    }

    [Fact]
    public async Task Sync_OwnServiceMissingFromTheState_IsRecognisedByTagAndCreatorWhileATaggedHandMadeOneIsLeftAlone()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var fake = await FakeKubernetesApi.StartAsync();
        var tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(tokenFile, fake.Token + "\n");
        await using var cluster = await AutomationTestCluster.StartAsync(db, configureSilo: silo =>
            silo.Services.Configure<KubernetesDiscoveryOptions>(o =>
            {
                o.Enabled = true;
                o.ApiServer = fake.BaseUrl;
                o.Namespace = "shop";
                o.TokenPath = tokenFile;
                o.Interval = TimeSpan.FromHours(1); // the test drives the passes
            }));
        // As a pass that registered these and then threw before writing its state would leave them: created by
        // discovery, tagged, unknown to the discovery grain's state.
        var lost = new ServiceSpec(new ProbeSpec(ProbeType.Tcp, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)) { Host = "old.shop.svc.cluster.local", Port = 1 }, HealthThresholds.Default)
        {
            Tags = ["discovered:kubernetes"],
        };
        await cluster.Client.GetGrain<IServiceGrain>("orders.shop").PutAsync(lost, "discovery:kubernetes");
        await cluster.Client.GetGrain<IServiceGrain>("cart.shop").PutAsync(lost, "alice"); // tagged, but made by hand
        fake.Put("shop", "orders", Monitored, new Dictionary<string, string>(), ("http", 8080));
        fake.Put("shop", "cart", Monitored, new Dictionary<string, string>(), ("http", 8080));
        var discovery = cluster.Client.GetGrain<IKubernetesDiscoveryGrain>(IKubernetesDiscoveryGrain.Key);

        var pass = await discovery.SyncAsync();
        var orders = await cluster.Client.GetGrain<IServiceGrain>("orders.shop").GetAsync();
        var cart = await cluster.Client.GetGrain<IServiceGrain>("cart.shop").GetAsync();

        pass.Updated.Should().Equal("orders.shop");
        orders!.Spec.Probe.Url.Should().Be("http://orders.shop.svc.cluster.local:8080/health", "discovery still owns it");
        pass.Skipped.Should().Contain(s => s.Contains("'cart.shop' is registered by hand"));
        cart!.Spec.Should().BeEquivalentTo(lost);
    }
}
