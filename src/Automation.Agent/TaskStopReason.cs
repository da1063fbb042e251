namespace Automation.Agent;

/// <summary>Why a handler's token was cancelled.</summary>
internal enum TaskStopReason
{
    /// <summary>Not stopped.</summary>
    None,

    /// <summary>The server answered <c>cancelRequested</c>.</summary>
    CancelRequested,

    /// <summary>A heartbeat got 409 or 404: the task is no longer this agent's.</summary>
    LeaseLost,

    /// <summary>The run deadline passed.</summary>
    RunDeadline,

    /// <summary>The agent shut down and the drain timeout passed.</summary>
    Shutdown,
}
