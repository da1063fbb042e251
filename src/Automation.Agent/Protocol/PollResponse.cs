namespace Automation.Agent.Protocol;

/// <summary>The 200 answer to a poll.</summary>
internal sealed record PollResponse(IReadOnlyList<LeasedTask> Tasks);
