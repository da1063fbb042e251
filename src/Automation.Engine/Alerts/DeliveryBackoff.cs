namespace Automation.Engine.Alerts;

/// <summary>Exponential back-off between delivery attempts: <c>first × 2^(attempt−1)</c>, capped.</summary>
public static class DeliveryBackoff
{
    /// <summary>The delay after a failed attempt.</summary>
    /// <param name="attempt">The 1-based attempt that failed.</param>
    /// <param name="first">The delay after the first failure.</param>
    /// <param name="max">The longest delay.</param>
    /// <returns>The delay.</returns>
    public static TimeSpan Delay(int attempt, TimeSpan first, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var ticks = first.Ticks * factor;
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
