using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Steps;

namespace Automation.Engine.Tests.Agents;

/// <summary>The <c>agent</c> step kind and its step-level <c>priority</c> and <c>timeouts</c> (unit tier).</summary>
public sealed class AgentStepValidationTests
{
    private static readonly DefinitionParser Parser = new(new StepKindRegistry([new HttpStepKind(), new TransformStepKind(), new AgentStepKind()]));

    private static (WorkflowDefinition? Definition, List<ValidationError> Errors) Parse(string json)
    {
        var errors = new List<ValidationError>();
        using var document = JsonDocument.Parse(json);
        return (Parser.Parse("docs", 1, document.RootElement, DateTimeOffset.UnixEpoch, errors), errors);
    }

    [Fact]
    public void Parse_AgentStepWithPriorityAndTimeouts_KeepsThem()
    {
        var (definition, errors) = Parse("""
        { "steps": [ { "id": "render", "type": "agent", "priority": 7,
            "with": { "capability": "docs.render", "input": { "page": "{{ input.page }}" } },
            "timeouts": { "queue": "5m", "run": "30m", "heartbeat": "30s" } } ] }
        """);

        errors.Should().BeEmpty();
        var agent = definition!.Steps[0].Agent!;
        agent.Priority.Should().Be(7);
        agent.QueueTimeout.Should().Be(TimeSpan.FromMinutes(5));
        agent.RunTimeout.Should().Be(TimeSpan.FromMinutes(30));
        agent.HeartbeatTimeout.Should().Be(TimeSpan.FromSeconds(30));
        definition.Steps[0].Timeout.Should().Be(TimeSpan.FromMinutes(35), "the attempt timeout covers the queue and run deadlines, so it never cuts an agent short");
    }

    [Fact]
    public void Parse_AgentStepWithoutSettings_UsesDefaults()
    {
        var (definition, errors) = Parse("""{ "steps": [ { "id": "a", "type": "agent", "with": { "capability": "build" } } ] }""");

        errors.Should().BeEmpty();
        definition!.Steps[0].Agent.Should().Be(AgentStepOptions.Default);
    }

    [Fact]
    public void Parse_AgentMistakes_ReportsEachAtItsPath()
    {
        var (definition, errors) = Parse("""
        { "steps": [
          { "id": "a", "type": "agent", "priority": 10, "with": { "capability": "Docs Render", "extra": 1 },
            "timeouts": { "queue": "soon", "run": "0s", "idle": "1m" } },
          { "id": "b", "type": "agent", "priority": "high", "timeouts": [], "with": { } },
          { "id": "c", "type": "transform", "priority": 5, "timeouts": { "run": "1m" }, "with": { "value": 1 } }
        ] }
        """);

        definition.Should().BeNull();
        errors.Select(e => e.Path).Should().BeEquivalentTo(
            "$.steps[0].priority", "$.steps[0].with.capability", "$.steps[0].with.extra", "$.steps[0].timeouts.queue", "$.steps[0].timeouts.run",
            "$.steps[0].timeouts.idle", "$.steps[1].priority", "$.steps[1].timeouts", "$.steps[1].with.capability",
            "$.steps[2].priority", "$.steps[2].timeouts");
    }

    [Fact]
    public void Parse_AgentStepWithTimeout_IsRefusedAtItsPathNamingTheTimeouts()
    {
        var (definition, errors) = Parse("""
        { "steps": [
          { "id": "a", "type": "transform", "timeout": "1m", "with": { "value": 1 } },
          { "id": "b", "type": "agent", "timeout": "10m", "with": { "capability": "docs.render" } }
        ] }
        """);

        definition.Should().BeNull();
        var error = errors.Should().ContainSingle().Subject;
        error.Path.Should().Be("$.steps[1].timeout");
        error.Message.Should().Contain("timeouts.queue").And.Contain("timeouts.run");
    }

    [Fact]
    public void Parse_OtherKinds_KeepNoAgentOptions()
    {
        var (definition, errors) = Parse("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");

        errors.Should().BeEmpty();
        definition!.Steps[0].Agent.Should().BeNull();
    }
}
