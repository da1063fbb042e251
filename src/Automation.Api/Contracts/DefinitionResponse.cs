using System.Text.Json;
using Automation.Definitions;

namespace Automation.Api.Contracts;

/// <summary>One stored definition version.</summary>
/// <param name="Name">The definition name.</param>
/// <param name="Version">The version number.</param>
/// <param name="Description">The description.</param>
/// <param name="CreatedAt">When the version was registered.</param>
/// <param name="Definition">The document as registered.</param>
public sealed record DefinitionResponse(string Name, int Version, string? Description, DateTimeOffset CreatedAt, JsonElement Definition)
{
    /// <summary>Maps a grain contract to the response.</summary>
    /// <param name="d">The definition.</param>
    /// <returns>The response.</returns>
    public static DefinitionResponse From(WorkflowDefinition d) => new(d.Name, d.Version, d.Description, d.CreatedAt, d.Document);
}
