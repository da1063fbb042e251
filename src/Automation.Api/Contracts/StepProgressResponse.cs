using System.Text.Json;
using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>The latest progress an agent reported for a running <c>agent</c> step.</summary>
/// <param name="Percent">0–100, if reported.</param>
/// <param name="Details">Any JSON the agent sent.</param>
/// <param name="AgentId">The agent.</param>
/// <param name="UpdatedAt">When it was reported.</param>
public sealed record StepProgressResponse(int? Percent, JsonElement? Details, string AgentId, DateTimeOffset UpdatedAt)
{
    /// <summary>Maps a grain record.</summary>
    /// <param name="progress">The progress.</param>
    /// <returns>The API record.</returns>
    public static StepProgressResponse From(StepProgress progress) => new(progress.Percent, progress.Details, progress.AgentId, progress.UpdatedAt);
}
