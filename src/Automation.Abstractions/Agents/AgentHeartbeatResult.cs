namespace Automation.Agents;

/// <summary>The answer to a heartbeat.</summary>
/// <param name="Outcome">Ok, or why not.</param>
/// <param name="CancelRequested">Whether the workflow no longer wants the attempt.</param>
/// <param name="RunBy">The run deadline.</param>
/// <param name="HeartbeatBy">The next heartbeat deadline, if the step has one.</param>
[GenerateSerializer, Immutable, Alias("automation.AgentHeartbeatResult")]
public sealed record AgentHeartbeatResult(
    [property: Id(0)] AgentCallOutcome Outcome,
    [property: Id(1)] bool CancelRequested = false,
    [property: Id(2)] DateTimeOffset? RunBy = null,
    [property: Id(3)] DateTimeOffset? HeartbeatBy = null);
