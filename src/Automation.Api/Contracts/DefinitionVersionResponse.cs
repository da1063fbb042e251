using Automation.Definitions;

namespace Automation.Api.Contracts;

/// <summary>One version of a definition in a version listing.</summary>
/// <param name="Version">The version number.</param>
/// <param name="Description">Its description, if any.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="RegisteredBy">Who registered it (a username or <c>apikey:ID</c>); null for versions registered before this was recorded.</param>
/// <param name="Deprecation">Why it may not be started any more (its own deprecation, else the whole definition's); null when it may.</param>
public sealed record DefinitionVersionResponse(int Version, string? Description, DateTimeOffset CreatedAt, string? RegisteredBy, DeprecationResponse? Deprecation)
{
    /// <summary>Maps a grain contract to the response.</summary>
    /// <param name="v">The version.</param>
    /// <returns>The response.</returns>
    public static DefinitionVersionResponse From(DefinitionVersionInfo v) =>
        new(v.Version, v.Description, v.CreatedAt, v.RegisteredBy, v.Deprecation is { } d ? DeprecationResponse.From(d) : null);
}
