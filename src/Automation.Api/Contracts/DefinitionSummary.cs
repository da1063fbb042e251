namespace Automation.Api.Contracts;

/// <summary>One definition in a listing: its name and latest version.</summary>
/// <param name="Name">The definition name.</param>
/// <param name="LatestVersion">The highest version number.</param>
/// <param name="Description">The latest version's description, if any.</param>
/// <param name="UpdatedAt">When the latest version was registered.</param>
public sealed record DefinitionSummary(string Name, int LatestVersion, string? Description, DateTimeOffset UpdatedAt)
{
    /// <summary>Maps a row of the definition list.</summary>
    /// <param name="row">The row.</param>
    /// <returns>The summary.</returns>
    public static DefinitionSummary From(Persistence.DefinitionSummary row) =>
        new(row.Name, row.LatestVersion, row.Description, row.UpdatedAt);
}
