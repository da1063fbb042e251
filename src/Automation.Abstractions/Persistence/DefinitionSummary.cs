namespace Automation.Persistence;

/// <summary>A definition name with its latest version, for listings.</summary>
/// <param name="Name">The definition name.</param>
/// <param name="LatestVersion">The highest version number.</param>
/// <param name="Description">The latest version's description, if any.</param>
/// <param name="UpdatedAt">When the latest version was stored.</param>
public sealed record DefinitionSummary(string Name, int LatestVersion, string? Description, DateTimeOffset UpdatedAt);
