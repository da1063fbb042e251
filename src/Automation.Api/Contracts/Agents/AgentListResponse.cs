namespace Automation.Api.Contracts;

/// <summary>The registered agents, ordered by id.</summary>
/// <param name="Agents">The agents.</param>
public sealed record AgentListResponse(IReadOnlyList<AgentResponse> Agents);
