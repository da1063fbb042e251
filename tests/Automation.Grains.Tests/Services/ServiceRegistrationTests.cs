using Automation.Services;
using Automation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Automation.Grains.Tests.Services;

/// <summary>Registration is all-or-nothing across the service grain and the registry (review finding, integration tier).</summary>
[Trait("Category", "Integration")]
public sealed class ServiceRegistrationTests
{
    [Fact]
    public async Task PutAsync_WhenTheServiceWriteFails_LeavesNoNameInTheRegistry()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db, configureSilo: silo =>
        {
            var real = silo.Services.Last(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, StorageNames.Workflows));
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Workflows,
                (sp, key) => new FailingServiceWrites((IGrainStorage)real.KeyedImplementationFactory!(sp, key), "phantom-"));
        });
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var baseName = "base-" + suffix;
        var phantom = "phantom-" + suffix;
        var registry = cluster.Client.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key);
        await cluster.Client.GetGrain<IServiceGrain>(baseName).PutAsync(ServiceHealthTests.Http(target.BaseUrl + "/health"), "tests");

        var put = () => cluster.Client.GetGrain<IServiceGrain>(phantom).PutAsync(ServiceHealthTests.Http(target.BaseUrl + "/health", dependsOn: baseName), "tests");

        await put.Should().ThrowAsync<Exception>();
        (await registry.ListAsync()).Should().Equal(baseName);
        (await registry.DependentsAsync(baseName)).Should().BeEmpty("the failed registration's edge is gone too");
        var dependent = await cluster.Client.GetGrain<IServiceGrain>("other-" + suffix)
            .PutAsync(ServiceHealthTests.Http(target.BaseUrl + "/health", dependsOn: phantom), "tests");
        dependent.Errors.Should().ContainSingle().Which.Path.Should().Be("$.dependsOn[0]");
        (await cluster.Client.GetGrain<IServiceGrain>(baseName).DeleteAsync()).Outcome.Should().Be(DeleteServiceOutcome.Deleted);
    }
}
