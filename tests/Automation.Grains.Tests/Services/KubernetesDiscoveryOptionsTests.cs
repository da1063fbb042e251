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
}
