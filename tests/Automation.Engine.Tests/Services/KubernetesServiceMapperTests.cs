using System.Text.Json;
using Automation.Engine.Services;
using Automation.Services;

namespace Automation.Engine.Tests.Services;

/// <summary>Kubernetes Service objects mapped to registrations from their annotations (issue 11, discovery).</summary>
public sealed class KubernetesServiceMapperTests
{
    private static DiscoveredService? Map(string annotations, string ports, out string? error) =>
        KubernetesServiceMapper.Map(JsonDocument.Parse($$"""
        { "metadata": { "name": "orders", "namespace": "shop", "annotations": {{annotations}} }, "spec": { "ports": {{ports}} } }
        """).RootElement, "/health", out error);

    [Fact]
    public void Map_NoAnnotations_HttpProbeOnTheFirstPortWithDefaults()
    {
        var found = Map("{}", """[ { "name": "web", "port": 8080 }, { "port": 9090 } ]""", out var error);

        error.Should().BeNull();
        found!.Name.Should().Be("orders.shop");
        found.Source.Should().Be("shop/orders");
        found.Spec.Probe.Should().BeEquivalentTo(new ProbeSpec(ProbeType.Http, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)) { Url = "http://orders.shop.svc.cluster.local:8080/health" });
        found.Spec.Tags.Should().Equal(KubernetesServiceMapper.DiscoveredTag);
    }

    [Fact]
    public void Map_AllAnnotations_AreApplied()
    {
        var found = Map("""
        { "automation/name": "orders-api", "automation/probe-port": "9090", "automation/probe-path": "/ready", "automation/probe-scheme": "https",
          "automation/interval": "2s", "automation/owner": "team-a", "automation/depends-on": "db, cache", "automation/description": "Orders" }
        """, """[ { "port": 80 } ]""", out _);

        found!.Name.Should().Be("orders-api");
        found.Spec.Probe.Url.Should().Be("https://orders.shop.svc.cluster.local:9090/ready");
        found.Spec.Probe.Interval.Should().Be(TimeSpan.FromSeconds(2));
        found.Spec.Probe.Timeout.Should().Be(TimeSpan.FromSeconds(2), "the default timeout is at most the interval");
        found.Spec.Owner.Should().Be("team-a");
        found.Spec.DependsOn.Should().Equal("db", "cache");
        found.Spec.Description.Should().Be("Orders");
    }

    [Theory]
    [InlineData("""{ "automation/probe-port": "metrics" }""", "shop/orders: automation/probe-port 'metrics' is neither")]
    [InlineData("""{ "automation/probe-type": "grpc" }""", "shop/orders: automation/probe-type 'grpc' must be http or tcp")]
    [InlineData("""{ "automation/name": "Orders API" }""", "shop/orders: 'Orders API' is not a service name")]
    [InlineData("""{ "automation/timeout": "1m" }""", "shop/orders: automation/timeout '1m' is not a duration above 0 and at most the interval")]
    [InlineData("""{ "automation/depends-on": "ok, Not OK" }""", "shop/orders: automation/depends-on has 'Not OK'")]
    public void Map_BadAnnotation_SaysWhichServiceAndAnnotation(string annotations, string expected)
    {
        var found = Map(annotations, """[ { "name": "http", "port": 80 } ]""", out var error);

        found.Should().BeNull();
        error.Should().StartWith(expected);
    }

    [Fact]
    public void Map_ClusterDomain_IsTheProbeHostsSuffixAndItsAllowEntryMatches()
    {
        var found = KubernetesServiceMapper.Map(JsonDocument.Parse("""
        { "metadata": { "name": "orders", "namespace": "shop", "annotations": { "automation/probe-type": "tcp" } }, "spec": { "ports": [ { "port": 5432 } ] } }
        """).RootElement, "/health", out var error, "k8s.corp");

        error.Should().BeNull();
        found!.Spec.Probe.Host.Should().Be("orders.shop.svc.k8s.corp");
        KubernetesServiceMapper.AllowEntry("k8s.corp").Should().Be("*.svc.k8s.corp");
        found.Spec.Probe.Host.Should().EndWith(KubernetesServiceMapper.AllowEntry("k8s.corp")[1..]);
    }
}
