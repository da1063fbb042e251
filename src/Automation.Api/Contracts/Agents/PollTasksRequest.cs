using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/agents/{agentId}/poll</c> (optional). Unknown properties are rejected.</summary>
/// <param name="Max">Most tasks to lease, 1–100; default 1 (never more than the agent's free slots).</param>
/// <param name="WaitSeconds">Longest wait for a task, 0–60 seconds; default 30.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PollTasksRequest(int? Max = null, int? WaitSeconds = null);
