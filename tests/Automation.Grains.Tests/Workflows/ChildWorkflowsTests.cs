using System.Text.Json;
using Automation.Persistence;
using Automation.Testing;
using Automation.Workflows;

namespace Automation.Grains.Tests.Workflows;

/// <summary>The <c>workflow</c>, <c>foreach</c> and <c>parallel</c> steps end to end on the real grains (cluster tier): children are real workflow grains.</summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ChildWorkflowsTests(EngineFixture fixture)
{
    private AutomationTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task WorkflowStep_RunsTheChild_AndTakesItsOutput()
    {
        var child = Name("child");
        await Cluster.RegisterAsync(child, """
        { "steps": [ { "id": "sum", "type": "transform", "with": { "value": { "total": "{{ input.a | plus: input.b }}" } } } ],
          "output": "{{ steps.sum.output }}" }
        """);
        var parent = Name("parent");
        await Cluster.RegisterAsync(parent, $$$"""
        { "steps": [
            { "id": "call", "type": "workflow", "with": { "definition": "{{{child}}}", "input": { "a": "{{ input.x }}", "b": 2 } } },
            { "id": "after", "type": "transform", "dependsOn": ["call"], "with": { "value": "{{ steps.call.output.total }}" } } ] }
        """);

        var (grain, _) = await Cluster.StartAsync(parent, """{ "x": 40 }""");
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Completed, done.Error?.Message);
        done.Output!.Value.GetProperty("after").GetInt32().Should().Be(42);
        var step = done.Steps.Single(s => s.Id == "call");
        step.Children!.Total.Should().Be(1);
        step.Children.Completed.Should().Be(1);
        var childId = $"{done.WorkflowId}:call:0";
        var childSnapshot = await Cluster.Client.GetGrain<IWorkflowGrain>(childId).GetAsync();
        childSnapshot!.Parent.Should().Be(new ParentLink(done.WorkflowId, "call", 0, 1));
        childSnapshot.Definition.Should().Be(child);
        var listed = await Cluster.Index!.QueryAsync(new WorkflowQuery(null, null, null, null, 10, null, ParentId: done.WorkflowId));
        listed.Items.Select(i => i.WorkflowId).Should().Equal(childId);
    }

    [Fact]
    public async Task Register_ChildDefinitionThatDoesNotExist_IsRefusedNamingThePath()
    {
        var result = await Cluster.Client.GetGrain<Automation.Definitions.IDefinitionGrain>(Name("parent")).RegisterAsync(JsonDocument.Parse("""
        { "steps": [ { "id": "fan", "type": "parallel", "with": { "branches": {
            "a": [ { "id": "call", "type": "workflow", "with": { "definition": "no-such-definition-anywhere" } } ] } } } ] }
        """).RootElement.Clone());

        result.Definition.Should().BeNull();
        result.Errors.Should().ContainSingle().Which.Should().Be(new Automation.Definitions.ValidationError(
            "$.steps[0].with.branches.a[0].with.definition", "No definition 'no-such-definition-anywhere': register it first (a child workflow's definition must exist)."));
    }

    [Fact]
    public async Task WorkflowStep_TemplatedDefinitionThatDoesNotExist_FailsTheStep()
    {
        var parent = Name("parent");
        await Cluster.RegisterAsync(parent, """{ "steps": [ { "id": "call", "type": "workflow", "with": { "definition": "{{ input.which }}" } } ] }""");

        var (grain, _) = await Cluster.StartAsync(parent, """{ "which": "no-such-definition-anywhere" }""");
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Failed);
        done.Steps.Single().Error!.Type.Should().Be("child.failed");
        done.Steps.Single().Error!.Message.Should().Contain("no-such-definition-anywhere");
    }

    [Fact]
    public async Task WorkflowStep_IdOfAnUnrelatedWorkflow_FailsTheStepWithoutAdoptingIt()
    {
        var other = Name("other");
        await Cluster.RegisterAsync(other, """{ "steps": [ { "id": "x", "type": "transform", "with": { "value": "not yours" } } ] }""");
        var takenId = "taken-" + Guid.NewGuid().ToString("N");
        await AutomationTestCluster.WaitAsync((await Cluster.StartAsync(other, workflowId: takenId)).Grain);
        var parent = Name("parent");
        await Cluster.RegisterAsync(parent, $$$"""{ "steps": [ { "id": "call", "type": "workflow", "with": { "definition": "{{{other}}}", "id": "{{{takenId}}}" } } ] }""");

        var (grain, _) = await Cluster.StartAsync(parent);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Failed);
        done.Steps.Single().Error!.Message.Should().Contain("already used by another workflow");
    }

    [Fact]
    public async Task Foreach_200ItemsWithMaxConcurrency10_NeverExceeds10InFlight_AndKeepsItemOrder()
    {
        await using var target = await HttpTarget.StartAsync();
        var name = Name("each");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [
            { "id": "each", "type": "foreach", "with": {
                "items": "{{ input.items }}", "maxConcurrency": 10,
                "steps": [
                    { "id": "call", "type": "http", "with": { "url": "{{{target.BaseUrl}}}/slow/20" } },
                    { "id": "mark", "type": "transform", "dependsOn": ["call"], "with": { "value": "{{ input.item | times: 3 }}" } } ],
                "output": "{{ steps.mark.output }}" } } ] }
        """);
        var input = JsonSerializer.Serialize(new { items = Enumerable.Range(0, 200) });

        var (grain, _) = await Cluster.StartAsync(name, input);
        var done = await AutomationTestCluster.WaitAsync(grain, TimeSpan.FromMinutes(3));

        done.Status.Should().Be(WorkflowStatus.Completed, done.Error?.Message);
        target.MaxConcurrency.Should().BeInRange(2, 10);
        var output = done.Steps.Single().Output!.Value;
        output.GetProperty("count").GetInt32().Should().Be(200);
        output.GetProperty("outputs").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(Enumerable.Range(0, 200).Select(i => i * 3));
        done.Steps.Single().Children!.Should().BeEquivalentTo(new StepChildren(200, 200, 200, 0, [], $"{done.WorkflowId}:each:"));
    }

    [Fact]
    public async Task Foreach_10000Items_Completes()
    {
        var name = Name("many");
        await Cluster.RegisterAsync(name, """
        { "steps": [
            { "id": "each", "type": "foreach", "with": {
                "items": "{{ input.items }}", "maxConcurrency": 200,
                "steps": [ { "id": "inc", "type": "transform", "with": { "value": "{{ input.item | plus: 1 }}" } } ],
                "output": "{{ steps.inc.output }}" } },
            { "id": "sum", "type": "transform", "dependsOn": ["each"], "with": {
                "input": "{{ steps.each.output.outputs }}", "operations": [ { "groupBy": { "key": "{{ 'all' }}", "aggregates": { "total": { "sum": "{{ item }}" } } } } ] } } ] }
        """);
        var input = JsonSerializer.Serialize(new { items = Enumerable.Range(0, 10_000) });

        var (grain, _) = await Cluster.StartAsync(name, input);
        var done = await AutomationTestCluster.WaitAsync(grain, TimeSpan.FromMinutes(5));

        done.Status.Should().Be(WorkflowStatus.Completed, done.Error?.Message);
        var output = done.Steps.Single(s => s.Id == "each").Output!.Value;
        output.GetProperty("completed").GetInt32().Should().Be(10_000);
        output.GetProperty("outputs")[9_999].GetInt32().Should().Be(10_000);
        done.Steps.Single(s => s.Id == "sum").Output!.Value.ToString().Should().Contain("50005000");
    }

    [Fact]
    public async Task Parallel_AllAndAny()
    {
        var name = Name("fan");
        await Cluster.RegisterAsync(name, """
        { "steps": [
            { "id": "both", "type": "parallel", "with": { "branches": {
                "left": [ { "id": "a", "type": "transform", "with": { "value": "{{ input.x }}" } } ],
                "right": [ { "id": "b", "type": "delay", "with": { "duration": "50ms" } },
                           { "id": "c", "type": "transform", "dependsOn": ["b"], "with": { "value": "late" } } ] } } },
            { "id": "race", "type": "parallel", "with": { "mode": "any", "branches": {
                "quick": [ { "id": "q", "type": "transform", "with": { "value": "first" } } ],
                "slow": [ { "id": "s", "type": "delay", "with": { "duration": "1h" } } ] } } } ] }
        """);

        var (grain, _) = await Cluster.StartAsync(name, """{ "x": "hi" }""");
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Completed, done.Error?.Message);
        done.Steps.Single(s => s.Id == "both").Output!.Value.GetRawText().Should().Be("""{"left":{"a":"hi"},"right":{"c":"late"}}""");
        done.Steps.Single(s => s.Id == "race").Output!.Value.GetRawText().Should().Be("""{"branch":"quick","output":{"q":"first"}}""");
        var loser = await Cluster.Client.GetGrain<IWorkflowGrain>($"{done.WorkflowId}:race:1").GetAsync();
        loser!.Status.Should().Be(WorkflowStatus.Cancelled, "the branch that lost the race is stopped");
    }

    [Fact]
    public async Task CancellingTheParent_CancelsItsChildren()
    {
        var child = Name("waits");
        await Cluster.RegisterAsync(child, """{ "steps": [ { "id": "hold", "type": "wait", "with": { "signal": "go" } } ] }""");
        var parent = Name("parent");
        await Cluster.RegisterAsync(parent, $$$"""
        { "steps": [ { "id": "each", "type": "foreach", "with": { "items": [1, 2, 3], "definition": "{{{child}}}" } } ] }
        """);
        var (grain, _) = await Cluster.StartAsync(parent);
        var childIds = Enumerable.Range(0, 3).Select(i => $"{grain.GetPrimaryKeyString()}:each:{i}").ToList();
        await WaitForAsync(async () => (await Cluster.Client.GetGrain<IWorkflowGrain>(childIds[2]).GetAsync())?.Steps[0].Status == StepStatus.Waiting);

        await grain.CancelAsync("stop everything");

        foreach (var id in childIds)
        {
            var snapshot = await AutomationTestCluster.WaitAsync(Cluster.Client.GetGrain<IWorkflowGrain>(id));
            snapshot.Status.Should().Be(WorkflowStatus.Cancelled, id);
        }
    }

    [Fact]
    public async Task TerminatingTheParent_StopsAChildWorkflowStep()
    {
        var child = Name("waits");
        await Cluster.RegisterAsync(child, """{ "steps": [ { "id": "hold", "type": "wait", "with": { "signal": "go" } } ] }""");
        var parent = Name("parent");
        await Cluster.RegisterAsync(parent, $$$"""{ "steps": [ { "id": "call", "type": "workflow", "with": { "definition": "{{{child}}}", "id": "{{ workflow.id }}-kid" } } ] }""");
        var (grain, _) = await Cluster.StartAsync(parent);
        var kid = Cluster.Client.GetGrain<IWorkflowGrain>($"{grain.GetPrimaryKeyString()}-kid");
        await WaitForAsync(async () => (await kid.GetAsync())?.Steps[0].Status == StepStatus.Waiting);

        (await grain.TerminateAsync("operator")).Outcome.Should().Be(ControlWorkflowOutcome.Applied);

        (await AutomationTestCluster.WaitAsync(kid)).Status.Should().Be(WorkflowStatus.Cancelled);
    }

    private static string Name(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The condition did not hold within 10 s.");
    }
}
