using System.Security.Claims;
using System.Text;
using Automation.Api.Live;
using Automation.Api.Security;
using Automation.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace Automation.Api.Tests.Live;

public sealed class LiveBroadcasterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static LiveEventFilter Everything() =>
        LiveEventFilter.TryCreate(null, null, null, new ClaimsPrincipal(new ClaimsIdentity([new Claim(SecurityClaims.Permission, "*")], "test")), out _, out _)!;

    private static LiveBatch Batch(int count) =>
        new([.. Enumerable.Range(0, count).Select(i => new LiveChange(LiveTopic.Workflow, "wf-" + i, "Running", i, At) { Definition = "d" })], 0);

    [Fact]
    public void Deliver_TwoConnections_FramesEachChangeOnceForBoth()
    {
        var broadcaster = new LiveBroadcaster(NullLogger<LiveBroadcaster>.Instance);
        var first = broadcaster.Open(Everything());
        var second = broadcaster.Open(Everything());

        broadcaster.Deliver(Batch(1));

        first.Reader.TryRead(out var a).Should().BeTrue();
        second.Reader.TryRead(out var b).Should().BeTrue();
        a.Should().BeSameAs(b);
        Encoding.UTF8.GetString(a!.Frame).Should().StartWith("id: ").And.Contain("event: workflow\ndata: {\"topic\":\"workflow\",\"id\":\"wf-0\",\"status\":\"Running\"");
    }

    [Fact]
    public void Deliver_ClientThatDoesNotRead_IsDroppedNotBufferedForever()
    {
        var broadcaster = new LiveBroadcaster(NullLogger<LiveBroadcaster>.Instance);
        var slow = broadcaster.Open(Everything());
        var fast = broadcaster.Open(Everything());

        broadcaster.Deliver(Batch(LiveConnection.Capacity));
        var drained = 0;
        while (fast.Reader.TryRead(out _))
        {
            drained++;
        }

        broadcaster.Deliver(Batch(1));

        drained.Should().Be(LiveConnection.Capacity);
        slow.Dropped.Should().BeTrue();
        fast.Dropped.Should().BeFalse();
        broadcaster.Count.Should().Be(1);
        fast.Reader.TryRead(out _).Should().BeTrue();
    }

    [Fact]
    public void Deliver_BatchWithDroppedChanges_TellsEveryConnectionToResync()
    {
        var broadcaster = new LiveBroadcaster(NullLogger<LiveBroadcaster>.Instance);
        var connection = broadcaster.Open(Everything());

        broadcaster.Deliver(new LiveBatch([], Dropped: 3));

        connection.Reader.TryRead(out var e).Should().BeTrue();
        Encoding.UTF8.GetString(e!.Frame).Should().Contain("event: resync\ndata: {\"reason\":\"changes-dropped\"}");
    }
}
