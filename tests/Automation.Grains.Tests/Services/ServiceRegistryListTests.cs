using Automation.Services;
using Automation.Testing;

namespace Automation.Grains.Tests.Services;

/// <summary>
/// The registry serves the service list from snapshots the service grains push (one call for any number of services)
/// and keeps them current as statuses change (integration tier).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ServiceRegistryListTests
{
    [Fact]
    public async Task ListPageAsync_ManyServices_PagesFromPushedSnapshotsThatFollowStatusChanges()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        var registry = cluster.Client.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key);
        var names = Enumerable.Range(0, 120).Select(i => $"many-{i:D3}").ToList();
        await Task.WhenAll(names.Select(n => cluster.Client.GetGrain<IServiceGrain>(n).PutAsync(ServiceHealthTests.Http(target.BaseUrl + "/health"), "tests")));

        var pages = new List<ServiceListPage>();
        string? after = null;
        do
        {
            var page = await registry.ListPageAsync(new ServiceListQuery(null, "tier-1", "team-a", after, 50));
            pages.Add(page);
            after = page.Last;
        }
        while (after is not null);
        var healthy = await WaitAsync(registry, p => p.Matching.Count == 120, new ServiceListQuery(ServiceStatus.Healthy, null, null, null, 1000));

        pages.Select(p => p.Items.Count).Should().Equal(50, 50, 20);
        pages.SelectMany(p => p.Items).Select(s => s.Name).Should().Equal(names);
        pages.Should().OnlyContain(p => p.Matching.Count == 120);
        healthy.Items.Should().OnlyContain(s => s.Status == ServiceStatus.Healthy && s.LastProbe != null, "status changes reach the registry's copies");
        healthy.Items.Should().OnlyContain(s => s.Transitions.Count <= 5);
    }

    private static async Task<ServiceListPage> WaitAsync(IServiceRegistryGrain registry, Func<ServiceListPage, bool> done, ServiceListQuery query)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60); // hang guard only
        while (true)
        {
            var page = await registry.ListPageAsync(query);
            if (done(page))
            {
                return page;
            }

            DateTimeOffset.UtcNow.Should().BeBefore(deadline, $"{page.Matching.Count} of 120 are Healthy in the registry's copies");
            await Task.Delay(200);
        }
    }
}
