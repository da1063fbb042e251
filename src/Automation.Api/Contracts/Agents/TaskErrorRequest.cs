using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>An agent's error.</summary>
/// <param name="Type">A stable error type that retry policies match on (1–100 characters); default <c>agent.failed</c>.</param>
/// <param name="Message">Human-readable detail (at most 4000 characters).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TaskErrorRequest(string? Type = null, string? Message = null);
