namespace Automation.Services;

/// <summary>Where a service's circuit breaker stands.</summary>
/// <remarks>Values are stored as numbers: never renumber them.</remarks>
public enum BreakerState
{
    /// <summary>Calls go through.</summary>
    Closed = 0,

    /// <summary>Calls wait until the break is over.</summary>
    Open = 1,

    /// <summary>The break is over: one trial call goes through; its outcome closes or re-opens the breaker.</summary>
    HalfOpen = 2,
}
