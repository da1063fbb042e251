namespace Automation.Persistence;

/// <summary>One stored version's metadata, for version listings.</summary>
/// <param name="Version">The version number.</param>
/// <param name="Description">Its description, if any.</param>
/// <param name="CreatedAt">When it was stored.</param>
/// <param name="RegisteredBy">Who registered it; <see langword="null"/> for rows from before migration 0007.</param>
public sealed record StoredDefinitionVersion(int Version, string? Description, DateTimeOffset CreatedAt, string? RegisteredBy);
