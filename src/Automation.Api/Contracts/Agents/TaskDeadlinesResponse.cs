namespace Automation.Api.Contracts;

/// <summary>The deadlines of a leased task.</summary>
/// <param name="RunBy">Report it by then, or the attempt fails with <c>agent.run-timeout</c>.</param>
/// <param name="HeartbeatBy">Heartbeat by then, or the attempt fails with <c>agent.heartbeat-timeout</c>; null when the step has no heartbeat timeout.</param>
public sealed record TaskDeadlinesResponse(DateTimeOffset? RunBy, DateTimeOffset? HeartbeatBy);
