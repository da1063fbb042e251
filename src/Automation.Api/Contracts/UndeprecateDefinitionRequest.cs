using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Optional body of <c>POST /api/v1/definitions/{name}/undeprecate</c>. Unknown properties are rejected.</summary>
/// <param name="Version">The version whose deprecation to remove; omitted: the whole definition's deprecation.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UndeprecateDefinitionRequest(int? Version = null);
