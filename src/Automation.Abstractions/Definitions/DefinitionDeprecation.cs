namespace Automation.Definitions;

/// <summary>Why a definition version (or every version of a definition) may no longer be started.</summary>
/// <param name="Version">The deprecated version, or <see langword="null"/> when the whole definition is deprecated.</param>
/// <param name="Replacement">What to start instead: another definition's name or a version number of this one; optional.</param>
/// <param name="Reason">Free text; optional.</param>
/// <param name="DeprecatedBy">Who deprecated it (a username or <c>apikey:ID</c>).</param>
/// <param name="DeprecatedAt">When.</param>
[GenerateSerializer, Immutable, Alias("automation.DefinitionDeprecation")]
public sealed record DefinitionDeprecation(
    [property: Id(0)] int? Version,
    [property: Id(1)] string? Replacement,
    [property: Id(2)] string? Reason,
    [property: Id(3)] string DeprecatedBy,
    [property: Id(4)] DateTimeOffset DeprecatedAt)
{
    /// <summary>The sentence a refused start answers, naming the replacement.</summary>
    /// <param name="name">The definition name.</param>
    /// <param name="version">The version that was to be started.</param>
    /// <returns>The message.</returns>
    public string Describe(string name, int version) =>
        (Version is null ? $"Definition '{name}' is deprecated (every version, here v{version})" : $"Definition '{name}' version {version} is deprecated")
        + (Replacement is { } r ? $": start '{r}' instead" : "")
        + (Reason is { } why ? $" (reason: {why})" : "")
        + ".";
}
