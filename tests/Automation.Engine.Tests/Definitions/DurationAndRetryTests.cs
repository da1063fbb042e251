using Automation.Definitions;

namespace Automation.Engine.Tests.Definitions;

/// <summary>Duration strings and retry back-off arithmetic (unit tier).</summary>
public sealed class DurationAndRetryTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("30s", 30_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData(" 10s ", 10_000)]
    public void TryParse_ValidDuration_ReturnsMilliseconds(string text, double ms)
    {
        var ok = Duration.TryParse(text, out var value);

        ok.Should().BeTrue();
        value.TotalMilliseconds.Should().Be(ms);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("-1s")]
    [InlineData("1w")]
    [InlineData("1 s")]
    [InlineData("1e400s")]
    public void TryParse_InvalidDuration_ReturnsFalse(string? text)
    {
        Duration.TryParse(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(250, "250ms")]
    [InlineData(30_000, "30s")]
    [InlineData(300_000, "5m")]
    [InlineData(7_200_000, "2h")]
    [InlineData(0, "0s")]
    public void Format_Duration_UsesLargestExactUnit(int ms, string expected)
    {
        Duration.Format(TimeSpan.FromMilliseconds(ms)).Should().Be(expected);
    }

    [Fact]
    public void BackoffAfter_GrowsByCoefficientAndCapsAtMaxInterval()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(5), []);

        var waits = Enumerable.Range(1, 5).Select(policy.BackoffAfter).ToList();

        waits.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("http.404", true)]
    [InlineData("http.500", true)]
    [InlineData("timeout", false)]
    [InlineData("http", false)]
    public void IsNonRetryable_MatchesExactTypesAndPrefixes(string errorType, bool expected)
    {
        var policy = RetryPolicy.Default with { NonRetryableErrors = ["http.404", "http.5*"] };

        policy.IsNonRetryable(errorType).Should().Be(expected);
    }
}
