using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>PUT /api/v1/system/log-levels/{category}</c>. Unknown properties are rejected.</summary>
/// <param name="Level">Trace, Debug, Information, Warning, Error, Critical or None.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutLogLevelRequest(
    [property: Description("Trace, Debug, Information, Warning, Error, Critical or None.")] string? Level);
