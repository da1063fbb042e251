using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/definitions/{name}/deprecate</c>. Unknown properties are rejected.</summary>
/// <param name="Version">The version to deprecate; omitted: the whole definition (every version, later ones too).</param>
/// <param name="Replacement">What to start instead: another definition's name, or a version number of this one (as a string or a number).</param>
/// <param name="Reason">Why; shown to callers whose start is refused.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeprecateDefinitionRequest(int? Version = null, string? Replacement = null, string? Reason = null);
