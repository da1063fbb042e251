using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>PUT /api/v1/channels/{name}</c>. Unknown properties, and properties of another type, are rejected.</summary>
/// <param name="Type"><c>webhook</c> (a signed JSON POST), <c>slack</c> (an incoming-webhook message with blocks) or <c>email</c> (SMTP).</param>
/// <param name="Url">Webhook and Slack, required: the absolute http(s) URL to POST to. A Slack URL is a secret (stored encrypted, never returned); a webhook URL is not.</param>
/// <param name="SigningKey">Webhook only, required: the HMAC-SHA256 key receivers verify <c>Automation-Signature</c> with (16–1024 characters). Stored encrypted; never returned.</param>
/// <param name="Host">Email only, required: the SMTP server's host name.</param>
/// <param name="Port">Email only: the SMTP port, 1–65535; default 587.</param>
/// <param name="Security">Email only: <c>auto</c> (default: TLS on port 465, STARTTLS when offered), <c>none</c>, <c>starttls</c> or <c>ssl</c>.</param>
/// <param name="Username">Email only: the SMTP user name; with it, <c>password</c> is required.</param>
/// <param name="Password">Email only: the SMTP password. Stored encrypted; never returned.</param>
/// <param name="From">Email only, required: the sender address, e.g. <c>Automation &lt;automation@example.com&gt;</c>.</param>
/// <param name="To">Email only: default recipients, used when a notify step gives no <c>to</c>.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutChannelRequest(
    string Type,
    string? Url = null,
    [property: MinLength(16), MaxLength(1024)] string? SigningKey = null,
    string? Host = null,
    [property: Range(1, 65535)] int? Port = null,
    string? Security = null,
    string? Username = null,
    string? Password = null,
    string? From = null,
    IReadOnlyList<string>? To = null);
