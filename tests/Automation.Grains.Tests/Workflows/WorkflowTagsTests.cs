using System.Text.Json;
using Automation.Persistence;
using Automation.Testing;
using Automation.Workflows;

namespace Automation.Grains.Tests.Workflows;

/// <summary>Tags given at start reach the snapshot and the visibility row (cluster tier), and the list filters find them.</summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class WorkflowTagsTests(EngineFixture fixture)
{
    private AutomationTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task StartAsync_WithTags_SnapshotAndVisibilityRowCarryThem()
    {
        var name = $"tags-{Guid.NewGuid():N}";
        await Cluster.RegisterAsync(name, """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var id = $"order-{Guid.NewGuid():N}";
        var grain = Cluster.Client.GetGrain<IWorkflowGrain>(id);

        var started = await grain.StartAsync(new StartWorkflowCommand(name, null, JsonDocument.Parse("{}").RootElement.Clone()) { Tags = ["team:payments", "priority-high"] });
        var done = await AutomationTestCluster.WaitAsync(grain);
        var page = await Cluster.Index!.QueryAsync(new WorkflowQuery(null, null, null, null, 10, null, Tags: ["priority-high", "team:payments"], IdPrefix: id[..10]));

        started.Snapshot!.Tags.Should().Equal("team:payments", "priority-high");
        done.Tags.Should().Equal("team:payments", "priority-high");
        page.Items.Should().ContainSingle().Which.Tags.Should().Equal("team:payments", "priority-high");
    }
}
