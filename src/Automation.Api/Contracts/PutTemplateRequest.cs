using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>PUT /api/v1/templates/{name}</c>: Fluid templates over the notify step's <c>data</c>. Unknown properties are rejected.</summary>
/// <param name="Body">Required: the message text (an email's text part), e.g. <c>All {{ data.pods }} pods are ready.</c></param>
/// <param name="Subject">The subject (webhook <c>subject</c>, Slack header, email subject).</param>
/// <param name="Html">Email only: the HTML part.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutTemplateRequest(string Body, string? Subject = null, string? Html = null);
