using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Steps;
using Automation.Engine.Workflows;
using Automation.Events;
using Automation.Tasks;
using Automation.Workflows;

namespace Automation.Engine.Tests.Workflows;

/// <summary>The definition's root <c>timeout</c>: the whole workflow ends <see cref="WorkflowStatus.TimedOut"/> with <c>workflow.timeout</c> (unit tier, fake clock).</summary>
public sealed class WorkflowTimeoutTests
{
    [Fact]
    public void Resume_AfterTheDeadline_TimesOutTheWorkflowAndCancelsTheRunningStep()
    {
        var h = new EngineHarness("""
        { "timeout": "1h",
          "steps": [ { "id": "a", "type": "http", "with": { "url": "http://svc" } },
                     { "id": "b", "type": "transform", "dependsOn": ["a"], "with": { "value": 1 } } ] }
        """);
        var createdAt = h.Time.GetUtcNow();
        h.Start();

        var due = h.Execution.NextDueAt();
        h.Time.Advance(TimeSpan.FromHours(1));
        var timedOut = h.Resume();

        due.Should().Be(createdAt.AddHours(1), "the deadline is armed like any other due time");
        timedOut.Cancel.Should().Equal("a");
        h.State.Status.Should().Be(WorkflowStatus.TimedOut);
        h.State.Error.Should().Be(new StepError("workflow.timeout", "The workflow did not finish within its timeout of 1h.", Retryable: false));
        h.Step("a").Status.Should().Be(StepStatus.Cancelled);
        h.Step("b").Status.Should().Be(StepStatus.Skipped);
        h.State.History.OfType<WorkflowTimedOut>().Should().ContainSingle().Which.Error.Type.Should().Be("workflow.timeout");
        h.State.History.OfType<WorkflowFailed>().Should().BeEmpty("a timeout is not a failure");
        h.Execution.NextDueAt().Should().BeNull();
    }

    [Fact]
    public void Apply_ReportAfterTheDeadline_TimesOutInsteadOfCompletingTheStep()
    {
        var h = new EngineHarness("""{ "timeout": "5m", "steps": [ { "id": "a", "type": "http", "with": { "url": "http://svc" } } ] }""");
        h.Start();
        h.Time.Advance(TimeSpan.FromMinutes(6));
        var at = h.Time.GetUtcNow();

        h.Report(new TaskReport("a", TaskReportKind.Completed, 1, at, at, null, null, null));

        h.State.Status.Should().Be(WorkflowStatus.TimedOut);
        h.State.Error!.Type.Should().Be("workflow.timeout");
        h.Step("a").Status.Should().Be(StepStatus.Cancelled);
    }

    [Fact]
    public async Task RunToEnd_DelayLongerThanTheTimeout_TimesOutAtTheDeadline()
    {
        var h = new EngineHarness("""{ "timeout": "30m", "steps": [ { "id": "nap", "type": "delay", "with": { "duration": "2h" } } ] }""");
        var createdAt = h.Time.GetUtcNow();
        h.Start();

        await h.RunToEndAsync();

        h.State.Status.Should().Be(WorkflowStatus.TimedOut);
        h.State.Error!.Type.Should().Be("workflow.timeout");
        h.State.CompletedAt.Should().Be(createdAt.AddMinutes(30));
        h.Step("nap").Status.Should().Be(StepStatus.Cancelled);
    }

    [Fact]
    public async Task RunToEnd_FinishesBeforeTheTimeout_CompletesUnaffected()
    {
        var h = new EngineHarness("""{ "timeout": "1h", "steps": [ { "id": "nap", "type": "delay", "with": { "duration": "10m" } } ] }""");
        var createdAt = h.Time.GetUtcNow();
        h.Start();

        await h.RunToEndAsync();
        h.Time.Advance(TimeSpan.FromHours(2));
        var late = h.Resume();

        h.State.Status.Should().Be(WorkflowStatus.Completed);
        h.State.CompletedAt.Should().Be(createdAt.AddMinutes(10));
        late.StateChanged.Should().BeFalse("a finished workflow does not time out");
        h.Execution.NextDueAt().Should().BeNull();
    }

    [Theory]
    [InlineData("\"soon\"")]
    [InlineData("\"0s\"")]
    [InlineData("\"31d\"")]
    [InlineData("5")]
    public void Parse_InvalidTimeout_ReportsRootTimeout(string timeout)
    {
        var errors = new List<ValidationError>();
        using var document = JsonDocument.Parse($$"""{ "timeout": {{timeout}}, "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");

        var definition = new DefinitionParser(new StepKindRegistry([new TransformStepKind()])).Parse("t", 1, document.RootElement, DateTimeOffset.UnixEpoch, errors);

        definition.Should().BeNull();
        errors.Should().ContainSingle().Which.Path.Should().Be("$.timeout");
    }

    [Fact]
    public void Parse_Timeout_IsKeptOnTheDefinition()
    {
        var h = new EngineHarness("""{ "timeout": "2h", "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");

        h.Definition.Timeout.Should().Be(TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task DocumentedExample_WaitOutlastsTheTimeout_TimesOutAfterOneHour()
    {
        // docs/workflow-language.md, "Workflow timeout".
        var h = new EngineHarness("""
        {
          "description": "Charge, then wait at most a day for the bank's confirmation; give up after 1h overall",
          "timeout": "1h",
          "signals": ["confirmed"],
          "steps": [
            { "id": "charge", "type": "http", "retry": { "maxAttempts": 10, "initialInterval": "1m" },
              "with": { "method": "POST", "url": "{{ input.api }}/charge", "body": { "amount": "{{ input.amount }}" } } },
            { "id": "confirm", "type": "wait", "dependsOn": ["charge"], "timeout": "1d", "with": { "signal": "confirmed" } }
          ]
        }
        """);
        var createdAt = h.Time.GetUtcNow();
        h.Start("""{ "api": "http://pay", "amount": 5 }""");

        await h.RunToEndAsync();

        h.State.Status.Should().Be(WorkflowStatus.TimedOut);
        h.State.Error!.Message.Should().Be("The workflow did not finish within its timeout of 1h.");
        h.State.CompletedAt.Should().Be(createdAt.AddHours(1));
        h.Step("charge").Status.Should().Be(StepStatus.Completed);
        h.Step("confirm").Status.Should().Be(StepStatus.Cancelled);
    }
}
