using System.Text.Json;
using Automation.Engine.Workflows;
using Automation.Events;
using Automation.Workflows;

namespace Automation.Engine.Tests.Workflows;

/// <summary>Grain state is stored as System.Text.Json: state written before signals and waits existed still loads, and the new members round-trip.</summary>
public sealed class WorkflowStateStorageTests
{
    [Fact]
    public void Deserialize_StateWrittenBeforeSignals_LoadsWithNoPendingSignalsAndNothingAwaited()
    {
        const string old = """
        { "Definition": "d", "Version": 1, "Status": 0, "Input": {}, "CreatedAt": "2026-11-29T12:00:00+00:00",
          "Steps": { "a": { "Status": 7, "AttemptsFinished": 0, "WakeAt": "2026-11-29T12:01:00+00:00", "Failures": [] } },
          "History": [ { "type": "StepSkipped", "StepId": "a", "Sequence": 1, "Timestamp": "2026-11-29T12:00:00+00:00" } ],
          "HistoryOffloaded": 0 }
        """;

        var state = JsonSerializer.Deserialize<WorkflowState>(old)!;

        state.Signals.Should().BeEmpty();
        state.Steps["a"].Awaiting.Should().BeNull();
        state.Steps["a"].Status.Should().Be(StepStatus.Waiting);
        state.History.Should().ContainSingle().Which.Should().Be(new StepSkipped(1, DateTimeOffset.Parse("2026-11-29T12:00:00+00:00"), "a"));
    }

    [Fact]
    public void RoundTrip_AwaitedStepPendingSignalAndNewEvents_KeepsEveryValue()
    {
        var at = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var state = new WorkflowState
        {
            Definition = "d",
            Version = 1,
            Input = JsonDocument.Parse("{}").RootElement.Clone(),
            Steps = { ["w"] = new StepState { Status = StepStatus.Waiting, Awaiting = new StepWait(null, true, ["role:ops"], "ok?", at) } },
            Signals = [new PendingSignal("paid", JsonDocument.Parse("""{"n":1}""").RootElement.Clone(), at)],
            History = [new SignalReceived(1, at, "paid", null), new ApprovalRecorded(2, at, "w", true, "ada", "c"), new StepSkipped(3, at, "x", "branch")],
            Tags = ["team:payments", "priority-high"],
        };

        var loaded = JsonSerializer.Deserialize<WorkflowState>(JsonSerializer.Serialize(state))!;

        loaded.Steps["w"].Awaiting.Should().BeEquivalentTo(state.Steps["w"].Awaiting);
        loaded.Signals.Should().ContainSingle().Which.Payload.GetProperty("n").GetInt32().Should().Be(1);
        loaded.History.Should().Equal(state.History);
        loaded.Tags.Should().Equal("team:payments", "priority-high");
    }
}
