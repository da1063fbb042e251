using Automation.Grains.Hosting;

namespace Automation.Grains.Tests.Hosting;

/// <summary>Start-up validation of <see cref="EngineOptions"/>.</summary>
public sealed class EngineOptionsValidatorTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:10")]
    [InlineData("01:00:00")]
    public void FinishedLinger_FromZeroToAnHour_IsValid(string linger)
    {
        var result = new EngineOptionsValidator().Validate(null, new EngineOptions { FinishedLinger = TimeSpan.Parse(linger) });

        result.Succeeded.Should().BeTrue(result.FailureMessage);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("01:00:01")]
    public void FinishedLinger_OutsideZeroToAnHour_IsRefusedByName(string linger)
    {
        var result = new EngineOptionsValidator().Validate(null, new EngineOptions { FinishedLinger = TimeSpan.Parse(linger) });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("Automation:Engine:FinishedLinger must be between 0 and 1h");
    }
}
