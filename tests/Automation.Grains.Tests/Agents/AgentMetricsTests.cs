using System.Diagnostics.Metrics;
using Automation.Grains.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Grains.Tests.Agents;

/// <summary>The agent queue metrics an autoscaler reads, labelled by capability only and summed over partitions (unit tier).</summary>
public sealed class AgentMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Gauges_TwoPartitionsOfOneCapability_AreSummedAndLabelledByCapabilityOnly()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var metrics = new AgentMetrics(factory, new FixedClock());
        var seen = new List<(string Name, double Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter: silos of other tests in this process publish the same instruments.
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == AutomationMetrics.MeterName && instrument.Name.StartsWith("automation.agent.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => seen.Add((i.Name, v, Describe(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen.Add((i.Name, v, Describe(tags))));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Add((i.Name, v, Describe(tags))));
        listener.Start();

        metrics.Partition("docs~0", "docs", 3, 1, Now.AddSeconds(-30));
        metrics.Partition("docs~5", "docs", 2, 2, Now.AddSeconds(-90));
        metrics.Partition("build~1", "build", 0, 4, null);
        metrics.PartitionGone("gone~0");
        metrics.HandedOff("docs", TimeSpan.FromMilliseconds(250));
        metrics.TaskEnded("docs", "completed");
        listener.RecordObservableInstruments();

        seen.Should().Contain(("automation.agent.queue.depth", 5, "capability=docs"));
        seen.Should().Contain(("automation.agent.queue.depth", 0, "capability=build"));
        seen.Should().Contain(("automation.agent.tasks.leased", 3, "capability=docs"));
        seen.Should().Contain(("automation.agent.queue.oldest_age", 90, "capability=docs"));
        seen.Should().Contain(("automation.agent.handoff", 0.25, "capability=docs"));
        seen.Should().Contain(("automation.agent.tasks", 1, "capability=docs,outcome=completed"));
    }

    private static string Describe(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        return string.Join(",", parts);
    }
}
