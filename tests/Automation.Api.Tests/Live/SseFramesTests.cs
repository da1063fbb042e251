using System.Text;
using Automation.Api.Live;

namespace Automation.Api.Tests.Live;

public sealed class SseFramesTests
{
    [Fact]
    public void Event_OneLineData_IsIdEventDataAndABlankLine()
    {
        var frame = Encoding.UTF8.GetString(SseFrames.Event(7, "workflow", """{"id":"a"}"""));

        frame.Should().Be("id: 7\nevent: workflow\ndata: {\"id\":\"a\"}\n\n");
    }

    [Fact]
    public void Event_DataWithLineBreaks_SendsOneDataLinePerLine()
    {
        var frame = Encoding.UTF8.GetString(SseFrames.Event(1, "x", "a\r\nb\nc"));

        frame.Should().Be("id: 1\nevent: x\ndata: a\ndata: b\ndata: c\n\n");
    }

    [Fact]
    public void Event_NameWithALineBreak_IsRefused()
    {
        var act = () => SseFrames.Event(1, "x\ndata: forged", "{}");

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void HeartbeatAndRetry_AreACommentAndARetryField()
    {
        Encoding.UTF8.GetString(SseFrames.Heartbeat).Should().Be(": heartbeat\n\n");
        Encoding.UTF8.GetString(SseFrames.Retry(TimeSpan.FromSeconds(3))).Should().Be("retry: 3000\n\n");
    }
}
