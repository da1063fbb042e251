using Automation.Engine.Agents;

namespace Automation.Engine.Tests.Agents;

/// <summary>Priority, age and fairness across workflows in one queue partition (unit tier).</summary>
public sealed class AgentQueueOrderTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static List<string> Drain(AgentQueueOrder order)
    {
        var taken = new List<string>();
        while (order.Take() is { } id)
        {
            taken.Add(id);
        }

        return taken;
    }

    [Fact]
    public void Take_MixedPriorities_HigherFirstThenOldest()
    {
        var order = new AgentQueueOrder();
        order.Add("low", "w1", 1, T0);
        order.Add("high-new", "w2", 9, T0.AddSeconds(2));
        order.Add("mid", "w3", 5, T0.AddSeconds(1));
        order.Add("high-old", "w2", 9, T0.AddSeconds(1));

        var taken = Drain(order);

        taken.Should().Equal("high-old", "high-new", "mid", "low");
    }

    [Fact]
    public void Take_OneWorkflowWithManyTasks_DoesNotStarveAnother()
    {
        var order = new AgentQueueOrder();
        for (var i = 0; i < 1000; i++)
        {
            order.Add($"big-{i:D4}", "big", 5, T0.AddMilliseconds(i));
        }

        order.Add("small-0", "small", 5, T0.AddSeconds(10));
        order.Add("small-1", "small", 5, T0.AddSeconds(11));

        var first = Enumerable.Range(0, 4).Select(_ => order.Take()).ToList();

        first.Should().Equal("big-0000", "small-0", "big-0001", "small-1");
        order.Count.Should().Be(998);
        order.OldestEnqueuedAt.Should().Be(T0.AddMilliseconds(2));
    }

    [Fact]
    public void Remove_QueuedTask_IsNeverTaken()
    {
        var order = new AgentQueueOrder();
        order.Add("a", "w1", 5, T0);
        order.Add("b", "w1", 5, T0.AddSeconds(1));
        order.Add("c", "w2", 3, T0);

        order.Remove("a").Should().BeTrue();
        order.Remove("a").Should().BeFalse();
        order.Remove("c").Should().BeTrue();

        order.Peek().Should().Be("b");
        Drain(order).Should().Equal("b");
        order.OldestEnqueuedAt.Should().BeNull();
    }

    [Fact]
    public void Add_SameTaskTwice_QueuesItOnce()
    {
        var order = new AgentQueueOrder();
        order.Add("a", "w1", 5, T0);
        order.Add("a", "w1", 5, T0);

        Drain(order).Should().Equal("a");
    }
}
