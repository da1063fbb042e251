namespace Automation.Operations;

/// <summary>Log-level overrides by category, numbered so that processes apply only what changed.</summary>
/// <param name="Version">Incremented by every change; 0 before the first.</param>
/// <param name="Levels">Level names (<c>Debug</c>, ...) by category, ordinal order.</param>
[GenerateSerializer, Immutable, Alias("automation.LogLevelOverrides")]
public sealed record LogLevelOverrides(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyDictionary<string, string> Levels);
