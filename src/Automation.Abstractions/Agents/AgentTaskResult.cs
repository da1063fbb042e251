using System.Text.Json;
using Automation.Workflows;

namespace Automation.Agents;

/// <summary>How an agent task attempt ended: the agent's output or error, or a deadline.</summary>
/// <param name="Succeeded">Whether the agent completed it.</param>
/// <param name="Output">The agent's output when completed.</param>
/// <param name="Error">The error when not.</param>
/// <param name="AgentId">The agent that reported it; <see langword="null"/> for a deadline.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="StartedAt">When the attempt's lease began (its enqueue time if never leased).</param>
[GenerateSerializer, Immutable, Alias("automation.AgentTaskResult")]
public sealed record AgentTaskResult(
    [property: Id(0)] bool Succeeded,
    [property: Id(1)] JsonElement? Output,
    [property: Id(2)] StepError? Error,
    [property: Id(3)] string? AgentId,
    [property: Id(4)] DateTimeOffset FinishedAt,
    [property: Id(5)] DateTimeOffset StartedAt);
