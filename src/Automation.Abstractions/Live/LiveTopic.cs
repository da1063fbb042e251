namespace Automation.Live;

/// <summary>What a <see cref="LiveChange"/> is about.</summary>
public enum LiveTopic
{
    /// <summary>A workflow's status or one of its steps changed (after the state write).</summary>
    Workflow = 0,

    /// <summary>An alert was raised, acknowledged or resolved.</summary>
    Alert = 1,

    /// <summary>A monitored service's shown status changed.</summary>
    Service = 2,
}
