namespace Automation.Api.Tests;

/// <summary>Waits for a condition that background work (an alert delivery) makes true, with a hang guard.</summary>
internal static class AlertsWait
{
    /// <summary>Polls <paramref name="done"/> until it holds, failing after 60 s.</summary>
    /// <param name="done">The condition.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <returns>A task that completes when it holds.</returns>
    public static Task UntilAsync(Func<bool> done, string what) => UntilAsync(() => Task.FromResult(done()), what);

    /// <summary>Polls <paramref name="done"/> until it holds, failing after 60 s.</summary>
    /// <param name="done">The condition, read asynchronously.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <returns>A task that completes when it holds.</returns>
    public static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!await done())
        {
            DateTimeOffset.UtcNow.Should().BeBefore(deadline, what);
            await Task.Delay(100);
        }
    }
}
