using Automation.Testing;
using Automation.Workflows;
using Orleans.Runtime;

namespace Automation.Grains.Tests.Workflows;

/// <summary>Task attempts run in the workflow's silo (ADR 0029), in a two-silo cluster with in-memory storage (cluster tier).</summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class AttemptHostTests(EngineFixture fixture)
{
    private AutomationTestCluster Cluster => fixture.Cluster;

    private HttpTarget Target => fixture.Target;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private List<string> KeysOf(string workflowId) => [.. Target.IdempotencyKeys.Where(k => k.StartsWith(workflowId + ":", StringComparison.Ordinal))];

    [Fact]
    public async Task HttpSteps_RunEachAttemptOnce_WithoutATaskGrainActivation()
    {
        var name = Unique("hosted");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [
            { "id": "a", "type": "http", "with": { "url": "{{{Target.BaseUrl}}}/echo" } },
            { "id": "b", "type": "http", "dependsOn": ["a"], "with": { "url": "{{{Target.BaseUrl}}}/echo" } },
            { "id": "c", "type": "http", "dependsOn": ["b"], "with": { "url": "{{{Target.BaseUrl}}}/echo" } } ] }
        """);
        var id = Unique("wf");

        var (grain, _) = await Cluster.StartAsync(name, workflowId: id);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Completed);
        KeysOf(id).Should().Equal($"{id}:a:1", $"{id}:b:1", $"{id}:c:1");
        var activations = await Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        activations.Select(a => a.GrainId.Key.ToString()).Should().Contain(id, "the workflow itself is active")
            .And.NotContain(k => k!.StartsWith(id + "/", StringComparison.Ordinal), "an http attempt runs in the workflow's silo, not in a task grain of its own");
    }

    [Fact]
    public async Task Resume_WhileTheAttemptRuns_DoesNotRunItAgain_AndItsReportIsRecordedOnce()
    {
        var name = Unique("resend");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "call", "type": "http", "timeout": "1m", "with": { "url": "{{{Target.BaseUrl}}}/slow/1500" } } ] }
        """);
        var id = Unique("wf");
        var (grain, _) = await Cluster.StartAsync(name, workflowId: id);
        await Target.Received($"{id}:call:1").WaitAsync(TimeSpan.FromSeconds(30)); // hang guard only

        await grain.ResumeAsync(); // re-sends every unrecorded attempt, as a reminder tick or a recovery sweep does
        await grain.ResumeAsync();
        var done = await AutomationTestCluster.WaitAsync(grain);
        await grain.ResumeAsync(); // after the outcome is recorded: nothing to re-send

        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Steps.Single().Attempts.Should().Be(1);
        KeysOf(id).Should().Equal($"{id}:call:1");
        var history = await grain.GetHistoryAsync();
        history!.OfType<Automation.Events.StepCompleted>().Should().ContainSingle();
    }
    [Fact]
    public async Task IdleCollection_WhileItsAttemptRuns_KeepsTheWorkflowActivation_AndTheAttemptRunsOnce()
    {
        var name = Unique("keepalive");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "call", "type": "http", "timeout": "1m", "with": { "url": "{{{Target.BaseUrl}}}/slow/2000" } } ] }
        """);
        var id = Unique("wf");
        var (grain, _) = await Cluster.StartAsync(name, workflowId: id);
        await Target.Received($"{id}:call:1").WaitAsync(TimeSpan.FromSeconds(30)); // hang guard only
        var management = Cluster.Client.GetGrain<IManagementGrain>(0);

        // Every idle activation goes; the workflow is idle while its attempt runs in the silo's host.
        await management.ForceActivationCollection(TimeSpan.Zero);
        var activations = await management.GetDetailedGrainStatistics();
        var done = await AutomationTestCluster.WaitAsync(grain);

        activations.Select(a => a.GrainId.Key.ToString()).Should().Contain(id,
            "a collected workflow could be activated on another silo and run its attempt again there");
        done.Status.Should().Be(WorkflowStatus.Completed);
        KeysOf(id).Should().Equal($"{id}:call:1");
    }
}
