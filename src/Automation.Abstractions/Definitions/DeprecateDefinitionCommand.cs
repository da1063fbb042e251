namespace Automation.Definitions;

/// <summary>Deprecates one version, or the whole definition.</summary>
/// <param name="Version">The version, or <see langword="null"/> for every version (including later ones).</param>
/// <param name="Replacement">What to start instead: a definition name or a version number of this definition.</param>
/// <param name="Reason">Free text.</param>
/// <param name="By">Who asks.</param>
[GenerateSerializer, Immutable, Alias("automation.DeprecateDefinitionCommand")]
public sealed record DeprecateDefinitionCommand(
    [property: Id(0)] int? Version,
    [property: Id(1)] string? Replacement,
    [property: Id(2)] string? Reason,
    [property: Id(3)] string By);
