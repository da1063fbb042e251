using Automation.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Tests.Services;

/// <summary>Start-up validation of <c>Automation:Services:Discovery:Kubernetes</c>: each mistake names the setting (unit tier).</summary>
public sealed class KubernetesDiscoveryOptionsTests
{
    private static KubernetesDiscoveryOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddAutomationKubernetesDiscovery();
        return services.BuildServiceProvider().GetRequiredService<IOptions<KubernetesDiscoveryOptions>>().Value;
    }

    [Fact]
    public void Validate_Disabled_AcceptsAnythingElseAndDefaultsToTheLabel()
    {
        var options = Resolve(new() { ["Automation:Services:Discovery:Kubernetes:Interval"] = "00:00:00" });

        options.Enabled.Should().BeFalse();
        options.LabelSelector.Should().Be("automation/monitor=true");
    }

    [Fact]
    public void Validate_EnabledWithBadSettings_NamesEachSetting()
    {
        var act = () => Resolve(new()
        {
            ["Automation:Services:Discovery:Kubernetes:Enabled"] = "true",
            ["Automation:Services:Discovery:Kubernetes:ApiServer"] = "ftp://kube",
            ["Automation:Services:Discovery:Kubernetes:Namespace"] = "Shop_1",
            ["Automation:Services:Discovery:Kubernetes:Interval"] = "00:00:00.5",
            ["Automation:Services:Discovery:Kubernetes:DefaultProbePath"] = "health",
        });

        var failures = act.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
        failures.Should().HaveCount(4);
        failures.Should().Contain(f => f.StartsWith("Automation:Services:Discovery:Kubernetes:ApiServer must be an absolute https://"));
        failures.Should().Contain(f => f.StartsWith("Automation:Services:Discovery:Kubernetes:Namespace must be"));
        failures.Should().Contain(f => f.StartsWith("Automation:Services:Discovery:Kubernetes:Interval must be between 1s and 1h"));
        failures.Should().Contain(f => f.StartsWith("Automation:Services:Discovery:Kubernetes:DefaultProbePath must start with '/'"));
    }

    [Fact]
    public void Validate_EnabledWithAnApiServer_IsValid()
    {
        var options = Resolve(new()
        {
            ["Automation:Services:Discovery:Kubernetes:Enabled"] = "true",
            ["Automation:Services:Discovery:Kubernetes:ApiServer"] = "https://kubernetes.default.svc/",
            ["Automation:Services:Discovery:Kubernetes:Namespace"] = "shop",
        });

        options.EffectiveApiServer().Should().Be("https://kubernetes.default.svc");
        options.EffectiveNamespace().Should().Be("shop");
    }

    [Theory]
    [InlineData(false, null, "cluster.local", true)]
    [InlineData(false, "*.svc.cluster.local", "cluster.local", false)]
    [InlineData(false, "*.svc.cluster.local", "k8s.corp", true)]
    [InlineData(false, "*.svc.k8s.corp", "k8s.corp.", false)]
    [InlineData(false, "hooks.example.com", "cluster.local", true)]
    [InlineData(false, "10.96.0.0/12", "cluster.local", false)]
    [InlineData(true, null, "cluster.local", false)]
    public void RefusesProbeTargets_WarnsOnlyWithoutAnAllowForTheClusterDomain(bool allowPrivate, string? allow, string clusterDomain, bool refused)
    {
        var outbound = new Automation.Grains.Outbound.OutboundOptions { AllowPrivateNetworks = allowPrivate };
        if (allow is not null)
        {
            outbound.Allow.Add(allow);
        }

        Automation.Grains.Services.Discovery.KubernetesDiscoveryStarter.RefusesProbeTargets(outbound, clusterDomain).Should().Be(refused);
    }

    [Theory]
    [InlineData("https://kube.example:6443/api/v1/namespaces/a/services", true)]
    [InlineData("http://127.0.0.1:8001/api/v1/namespaces/a/services", true)]
    [InlineData("http://kube.example:8080/api/v1/namespaces/a/services", false)]
    public void MaySendToken_OnlyOverHttpsOrToThisMachine(string url, bool send) =>
        Automation.Grains.Services.Discovery.KubernetesApiClient.MaySendToken(new Uri(url)).Should().Be(send);
}
