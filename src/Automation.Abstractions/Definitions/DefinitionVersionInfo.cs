namespace Automation.Definitions;

/// <summary>One version of a definition in a version listing.</summary>
/// <param name="Version">The version number.</param>
/// <param name="Description">The version's description, if any.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="RegisteredBy">Who registered it; <see langword="null"/> for versions registered before this was recorded.</param>
/// <param name="Deprecation">Its deprecation (its own, else the whole definition's), or <see langword="null"/>.</param>
[GenerateSerializer, Immutable, Alias("automation.DefinitionVersionInfo")]
public sealed record DefinitionVersionInfo(
    [property: Id(0)] int Version,
    [property: Id(1)] string? Description,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] string? RegisteredBy,
    [property: Id(4)] DefinitionDeprecation? Deprecation);
