namespace Automation.Agent.Protocol;

/// <summary>What a poll ended with.</summary>
internal enum PollStatus
{
    /// <summary>200: tasks leased.</summary>
    Tasks,

    /// <summary>204: the wait ended with nothing.</summary>
    Empty,

    /// <summary>404: the server does not know the agent (any more); register again.</summary>
    UnknownAgent,

    /// <summary>409: the agent is draining; poll no more.</summary>
    Draining,
}

/// <summary>A poll's status and the tasks it leased.</summary>
internal sealed record PollOutcome(PollStatus Status, IReadOnlyList<LeasedTask> Tasks);
