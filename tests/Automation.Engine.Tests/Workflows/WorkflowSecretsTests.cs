using Automation.Workflows;

namespace Automation.Engine.Tests.Workflows;

/// <summary>The engine never sees a secret's value: templates render placeholders, and only the step's own.</summary>
public sealed class WorkflowSecretsTests
{
    [Fact]
    public void Dispatch_HttpStepUsingASecret_SendsThePlaceholderAndKeepsNoValue()
    {
        var h = new EngineHarness("""
        { "steps": [
            { "id": "call", "type": "http", "with": { "url": "http://svc/x", "headers": { "Authorization": "Bearer {{ secrets.token }}" } } },
            { "id": "shape", "type": "transform", "with": { "value": { "header": "Bearer {{ secrets.token }}" } } } ] }
        """);

        var started = h.Start();

        started.Dispatch.Should().ContainSingle().Which.With.GetProperty("headers").GetProperty("Authorization").GetString()
            .Should().Be("Bearer ${secret:token}");
        h.Step("shape").Output!.Value.GetProperty("header").GetString().Should().Be("Bearer ${secret:token}", "a transform keeps the placeholder");
    }

    [Fact]
    public void Dispatch_PlaceholderArrivingInTheInput_FailsTheStepWithoutRetry()
    {
        var h = new EngineHarness("""
        { "steps": [ { "id": "call", "type": "http", "with": { "url": "http://svc/x", "body": { "note": "{{ input.note }}" } }, "retry": { "maxAttempts": 5 } } ] }
        """);

        var started = h.Start("""{ "note": "${secret:token}" }""");

        started.Dispatch.Should().BeEmpty();
        h.State.Status.Should().Be(WorkflowStatus.Failed);
        h.Step("call").Error!.Type.Should().Be("template");
        h.Step("call").Error!.Retryable.Should().BeFalse();
        h.Step("call").Error!.Message.Should().Contain("${secret:token}");
    }
}
