using Automation.Grains.Live;
using Automation.Live;

namespace Automation.Grains.Tests.Live;

public sealed class LiveCoalescerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static LiveChange Workflow(string id, string status, long sequence) => new(LiveTopic.Workflow, id, status, sequence, At) { Definition = "d" };

    [Fact]
    public void Coalesce_SeveralChangesOfOneWorkflow_KeepsTheLatestInItsPlace()
    {
        var changes = new[]
        {
            Workflow("a", "Running", 1),
            Workflow("b", "Running", 1),
            Workflow("a", "Running", 2),
            new LiveChange(LiveTopic.Alert, "x", "open", 0, At),
            Workflow("a", "Completed", 3),
        };

        var batch = LiveCoalescer.Coalesce(changes);

        batch.Select(c => (c.Id, c.Sequence)).Should().Equal(("b", 1L), ("x", 0L), ("a", 3L));
    }

    [Fact]
    public void Coalesce_ApprovalFollowedByAnotherChange_KeepsTheApproval()
    {
        var approval = Workflow("a", "Running", 2) with { StepId = "ok", Approvers = ["role:ops"] };
        var changes = new[] { Workflow("a", "Running", 1), approval, Workflow("a", "Running", 3) };

        var batch = LiveCoalescer.Coalesce(changes);

        batch.Should().HaveCount(2);
        batch[0].Should().BeSameAs(approval);
        batch[1].Sequence.Should().Be(3);
    }

    [Fact]
    public void Coalesce_AlertsAndServices_AreKeptAsTheyAre()
    {
        var changes = new[]
        {
            new LiveChange(LiveTopic.Alert, "x", "open", 0, At) { Action = "raised" },
            new LiveChange(LiveTopic.Alert, "x", "acknowledged", 0, At) { Action = "acknowledged" },
            new LiveChange(LiveTopic.Service, "s", "Unhealthy", 0, At),
        };

        var batch = LiveCoalescer.Coalesce(changes);

        batch.Should().Equal(changes);
    }
}
