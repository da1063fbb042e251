using Automation.Engine.Alerts;

namespace Automation.Engine.Tests.Alerts;

/// <summary>Back-off between alert delivery attempts.</summary>
public sealed class DeliveryBackoffTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(6, 60)]
    [InlineData(40, 60)]
    public void Delay_AfterAttempt_DoublesUpToTheCap(int attempt, int seconds)
    {
        var delay = DeliveryBackoff.Delay(attempt, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));

        delay.Should().Be(TimeSpan.FromSeconds(seconds));
    }
}
