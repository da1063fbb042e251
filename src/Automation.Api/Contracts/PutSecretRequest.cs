using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>PUT /api/v1/secrets/{name}</c>. Unknown properties are rejected.</summary>
/// <param name="Value">The secret's value: a non-empty string of at most 32 KiB (UTF-8). Stored encrypted; no endpoint ever returns it.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutSecretRequest([property: MinLength(1)] string Value);
