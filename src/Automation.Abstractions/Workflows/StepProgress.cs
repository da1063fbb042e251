using System.Text.Json;

namespace Automation.Workflows;

/// <summary>The latest progress an agent reported for a step's running attempt (kept in memory, not in history).</summary>
/// <param name="Percent">0–100, if reported.</param>
/// <param name="Details">Any JSON, if reported.</param>
/// <param name="AgentId">The agent.</param>
/// <param name="UpdatedAt">When it was reported.</param>
[GenerateSerializer, Immutable, Alias("automation.StepProgress")]
public sealed record StepProgress(
    [property: Id(0)] int? Percent,
    [property: Id(1)] JsonElement? Details,
    [property: Id(2)] string AgentId,
    [property: Id(3)] DateTimeOffset UpdatedAt);
