using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>PUT /api/v1/channels/{name}</c>. Unknown properties are rejected.</summary>
/// <param name="Type"><c>webhook</c> (a signed JSON POST) or <c>slack</c> (an incoming-webhook message with blocks).</param>
/// <param name="Url">The absolute http(s) URL to POST to. A Slack URL is a secret (stored encrypted, never returned); a webhook URL is not.</param>
/// <param name="SigningKey">Webhook only, required: the HMAC-SHA256 key receivers verify <c>Automation-Signature</c> with (16–1024 characters). Stored encrypted; never returned.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutChannelRequest(string Type, string Url, [property: MinLength(16), MaxLength(1024)] string? SigningKey = null);
