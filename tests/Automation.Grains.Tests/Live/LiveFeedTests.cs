using Automation.Grains.Live;
using Automation.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace Automation.Grains.Tests.Live;

public sealed class LiveFeedTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    // Take never calls the hub: no grain factory is needed to test the buffer.
    private static LiveFeed NewFeed() => new(null!, NullLogger<LiveFeed>.Instance);

    [Fact]
    public void Publish_OnTheHotPath_AllocatesNothing()
    {
        var feed = NewFeed();
        var change = new LiveChange(LiveTopic.Workflow, "wf", "Running", 1, At) { Definition = "d" };
        feed.Publish(change); // first use: any lazy set-up happens here
        _ = feed.Take();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            feed.Publish(change);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
    }

    [Fact]
    public void Publish_BufferFull_DropsAndCountsTheOverflow()
    {
        var feed = NewFeed();

        for (var i = 0; i < LiveFeed.Capacity + 10; i++)
        {
            feed.Publish(new LiveChange(LiveTopic.Alert, "a" + i, "open", 0, At));
        }

        var batch = feed.Take();

        batch!.Changes.Should().HaveCount(LiveFeed.Capacity);
        batch.Dropped.Should().Be(10);
        feed.DroppedTotal.Should().Be(10);
    }

    [Fact]
    public void Take_AfterAFlush_StartsEmptyAndCoalesces()
    {
        var feed = NewFeed();
        feed.Publish(new LiveChange(LiveTopic.Workflow, "wf", "Running", 1, At) { Definition = "d" });
        feed.Publish(new LiveChange(LiveTopic.Workflow, "wf", "Completed", 2, At) { Definition = "d" });

        var first = feed.Take();
        var second = feed.Take();

        first!.Changes.Should().ContainSingle().Which.Status.Should().Be("Completed");
        first.Dropped.Should().Be(0);
        second.Should().BeNull();
    }
}
