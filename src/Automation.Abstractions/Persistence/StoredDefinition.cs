using System.Text.Json;

namespace Automation.Persistence;

/// <summary>One immutable definition version as stored.</summary>
/// <param name="Name">The definition name.</param>
/// <param name="Version">The version number (1, 2, ...).</param>
/// <param name="Document">The definition JSON exactly as registered.</param>
/// <param name="CreatedAt">When the version was stored.</param>
public sealed record StoredDefinition(string Name, int Version, JsonElement Document, DateTimeOffset CreatedAt);
