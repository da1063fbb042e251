using System.Text.Json;
using Automation.Agents;
using Automation.Definitions;
using Automation.Engine.Agents;

namespace Automation.Engine.Tests.Agents;

/// <summary>Queue, run and heartbeat deadlines of agent tasks, and capability permits (unit tier).</summary>
public sealed class AgentTaskDeadlinesTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static AgentTaskRecord Task(TimeSpan? heartbeat = null) => new(
        "c~0~a1", "c", 0, "w", "s", 1, JsonDocument.Parse("{}").RootElement,
        new AgentStepOptions(5, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), heartbeat), T0);

    [Fact]
    public void Expired_QueuedPastQueueTimeout_IsQueueTimeout()
    {
        var task = Task();

        AgentTaskDeadlines.Expired(task, T0.AddMinutes(4)).Should().BeNull();
        var error = AgentTaskDeadlines.Expired(task, T0.AddMinutes(5));

        error!.Type.Should().Be(AgentTaskDeadlines.QueueTimeout);
        error.Retryable.Should().BeTrue();
        AgentTaskDeadlines.NextDue(task).Should().Be(T0.AddMinutes(5));
    }

    [Fact]
    public void Expired_LeasedWithoutHeartbeats_IsHeartbeatTimeoutBeforeRunTimeout()
    {
        var task = Task(TimeSpan.FromSeconds(30)) with { AgentId = "agent", LeasedAt = T0.AddMinutes(1), HeartbeatAt = T0.AddMinutes(1) };

        AgentTaskDeadlines.NextDue(task).Should().Be(T0.AddMinutes(1).AddSeconds(30));
        AgentTaskDeadlines.Expired(task, T0.AddMinutes(10)).Should().NotBeNull("the heartbeat deadline passed long before");
    }

    [Fact]
    public void Expired_HeartbeatsKeepComing_OnlyRunTimeoutEndsIt()
    {
        var leased = Task(TimeSpan.FromSeconds(30)) with { AgentId = "agent", LeasedAt = T0 };

        AgentTaskDeadlines.Expired(leased, T0.AddSeconds(31))!.Type.Should().Be(AgentTaskDeadlines.HeartbeatTimeout);
        var beating = leased with { HeartbeatAt = T0.AddMinutes(30) };
        AgentTaskDeadlines.Expired(beating, T0.AddMinutes(30))!.Type.Should().Be(AgentTaskDeadlines.RunTimeout);
        AgentTaskDeadlines.RunBy(beating).Should().Be(T0.AddMinutes(30));
        AgentTaskDeadlines.HeartbeatBy(beating).Should().Be(T0.AddMinutes(30).AddSeconds(30));
    }

    [Fact]
    public void Expired_Finished_HasNoDeadline()
    {
        var finished = Task() with { Result = new AgentTaskResult(true, null, null, "agent", T0, T0) };

        AgentTaskDeadlines.Expired(finished, T0.AddDays(1)).Should().BeNull();
        AgentTaskDeadlines.NextDue(finished).Should().BeNull();
    }

    [Fact]
    public void Grant_ConcurrencyLimit_CountsEveryPartition()
    {
        var permits = new CapabilityPermits();
        permits.SetLimits(3, null);

        permits.Grant(0, 0, 2, T0).Should().Be(2);
        permits.Grant(1, 0, 5, T0).Should().Be(1);
        permits.Grant(1, 1, 1, T0).Should().Be(0);
        permits.Report(0, 0);
        permits.Grant(1, 1, 5, T0).Should().Be(2);
    }

    [Fact]
    public void LeasedBy_CountsWhatAPartitionReportedOrWasGranted()
    {
        var permits = new CapabilityPermits();
        permits.SetLimits(3, null);

        permits.Grant(0, 1, 1, T0);
        permits.Report(2, 1);

        permits.LeasedBy(0).Should().Be(2, "its own leases and the grant");
        permits.LeasedBy(1).Should().Be(0, "it never reported");
        permits.LeasedBy(2).Should().Be(1);
    }

    [Fact]
    public void Grant_RateLimit_RefillsOverTime()
    {
        var permits = new CapabilityPermits();
        permits.SetLimits(null, 2);

        permits.Grant(0, 0, 10, T0).Should().Be(2);
        permits.Grant(0, 2, 10, T0).Should().Be(0);
        permits.Grant(0, 2, 10, T0.AddSeconds(0.5)).Should().Be(1);
        permits.Grant(0, 3, 10, T0.AddSeconds(10)).Should().Be(2, "the bucket holds one second's worth");
    }
}
