using System.Text.Json;
using Automation.Testing;
using Automation.Workflows;

namespace Automation.Grains.Tests.Workflows;

/// <summary>What a start answers: the whole snapshot, or with <see cref="StartWorkflowCommand.Brief"/> only the outcome, status and definition (cluster tier).</summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class StartAnswerTests(EngineFixture fixture)
{
    private static readonly JsonElement Input = JsonDocument.Parse("""{ "n": 3 }""").RootElement.Clone();

    private AutomationTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task BriefStart_AnswersStatusAndDefinition_WithoutTheSnapshot_AndSoDoesItsRepeat()
    {
        var name = $"brief-{Guid.NewGuid():N}";
        await Cluster.RegisterAsync(name, """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": "{{ input.n }}" } } ] }""");
        var grain = Cluster.Client.GetGrain<IWorkflowGrain>(Guid.CreateVersion7().ToString());

        var started = await grain.StartAsync(new StartWorkflowCommand(name, null, Input) { Brief = true, RequestId = "request:brief" });
        var repeated = await grain.StartAsync(new StartWorkflowCommand(name, null, Input) { Brief = true, RequestId = "request:brief" });
        var other = await grain.StartAsync(new StartWorkflowCommand(name, null, Input) { Brief = true, RequestId = "request:other" });

        started.Should().BeEquivalentTo(new { Outcome = StartWorkflowOutcome.Started, Snapshot = (WorkflowSnapshot?)null, Status = WorkflowStatus.Completed, Definition = name });
        repeated.Should().BeEquivalentTo(new { Outcome = StartWorkflowOutcome.Started, Snapshot = (WorkflowSnapshot?)null, Status = WorkflowStatus.Completed, Definition = name });
        other.Should().BeEquivalentTo(new { Outcome = StartWorkflowOutcome.AlreadyExists, Snapshot = (WorkflowSnapshot?)null, Status = WorkflowStatus.Completed, Definition = name });
    }

    [Fact]
    public async Task Start_WithoutBrief_AnswersTheSnapshot_AndTheSameStatusBesideIt()
    {
        var name = $"full-{Guid.NewGuid():N}";
        await Cluster.RegisterAsync(name, """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": "{{ input.n }}" } } ] }""");
        var grain = Cluster.Client.GetGrain<IWorkflowGrain>(Guid.CreateVersion7().ToString());

        var started = await grain.StartAsync(new StartWorkflowCommand(name, null, Input));

        started.Outcome.Should().Be(StartWorkflowOutcome.Started);
        started.Snapshot!.Steps.Should().ContainSingle().Which.Output!.Value.GetInt32().Should().Be(3);
        started.Status.Should().Be(started.Snapshot.Status);
        started.StatusNow.Should().Be(WorkflowStatus.Completed);
        started.DefinitionName.Should().Be(name);
    }
}
