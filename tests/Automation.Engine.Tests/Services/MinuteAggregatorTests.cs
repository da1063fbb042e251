using Automation.Engine.Services;
using Automation.Services;

namespace Automation.Engine.Tests.Services;

/// <summary>Per-minute latency aggregates computed in memory: one row per service and minute.</summary>
public sealed class MinuteAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static ProbeResult At(int second, double ms, bool passed = true) => new(T0.AddSeconds(second), T0.AddSeconds(second), ms, passed, null);

    [Fact]
    public void Drain_ClosedMinute_CountFailuresPercentilesMax()
    {
        var aggregator = new MinuteAggregator();
        for (var i = 1; i <= 20; i++)
        {
            aggregator.Add("a", At(i, i, passed: i % 10 != 0));
        }

        aggregator.Add("a", At(61, 5));

        var open = aggregator.Drain(T0.AddSeconds(59));
        var closed = aggregator.Drain(T0.AddSeconds(60));

        open.Should().BeEmpty();
        closed.Should().ContainSingle().Which.Should().Be(new ServiceMinute("a", T0, 20, 2, 10, 19, 20));
        aggregator.Open.Should().Be(1);
        aggregator.Peek("a").Should().ContainSingle().Which.Minute.Should().Be(T0.AddMinutes(1));
    }

    [Fact]
    public void Drain_All_IncludesOpenMinutesAndForgetDrops()
    {
        var aggregator = new MinuteAggregator();
        aggregator.Add("a", At(1, 3));
        aggregator.Add("b", At(2, 4));
        aggregator.Forget("b");

        var all = aggregator.Drain(T0.AddSeconds(3), all: true);

        all.Should().ContainSingle().Which.Service.Should().Be("a");
        aggregator.Open.Should().Be(0);
    }

    [Fact]
    public void Percentile_NearestRank()
    {
        var sorted = new double[] { 1, 2, 3, 4 };

        MinuteAggregator.Percentile(sorted, 0.5).Should().Be(2);
        MinuteAggregator.Percentile(sorted, 0.95).Should().Be(4);
    }
}
