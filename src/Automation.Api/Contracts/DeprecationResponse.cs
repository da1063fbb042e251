using Automation.Definitions;

namespace Automation.Api.Contracts;

/// <summary>A deprecation: new starts are refused (409) naming the replacement; running workflows are not affected.</summary>
/// <param name="WholeDefinition">Whether every version of the definition is deprecated (rather than this version alone).</param>
/// <param name="Replacement">What to start instead: a definition name or a version number; optional.</param>
/// <param name="Reason">Why; optional.</param>
/// <param name="DeprecatedBy">Who deprecated it.</param>
/// <param name="DeprecatedAt">When.</param>
public sealed record DeprecationResponse(bool WholeDefinition, string? Replacement, string? Reason, string DeprecatedBy, DateTimeOffset DeprecatedAt)
{
    /// <summary>Maps a grain contract to the response.</summary>
    /// <param name="d">The deprecation.</param>
    /// <returns>The response.</returns>
    public static DeprecationResponse From(DefinitionDeprecation d) => new(d.Version is null, d.Replacement, d.Reason, d.DeprecatedBy, d.DeprecatedAt);
}
