namespace Automation.Api.Contracts;

/// <summary>The tasks a poll leased to the agent.</summary>
/// <param name="Tasks">The tasks.</param>
public sealed record PollTasksResponse(IReadOnlyList<AgentTaskResponse> Tasks);
