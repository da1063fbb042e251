namespace Automation.Workflows;

/// <summary>What happened to a signal.</summary>
public enum SignalWorkflowOutcome
{
    /// <summary>A waiting step took it: the payload is its output.</summary>
    Delivered,

    /// <summary>No step waits for it yet: it is kept in the workflow's pending signals.</summary>
    Buffered,

    /// <summary>The workflow had already reached a final status; nothing changed.</summary>
    AlreadyFinished,

    /// <summary>No workflow has that id.</summary>
    NotFound,

    /// <summary>The definition declares its signals and this name is not one of them; nothing changed.</summary>
    UnknownSignal,

    /// <summary>No step waits for it and the workflow already keeps the most pending signals it may; nothing changed.</summary>
    TooManyPending,
}
