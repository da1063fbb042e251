using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/agents</c>. Unknown properties are rejected.</summary>
/// <param name="Name">A display name, 1–100 characters (required).</param>
/// <param name="Capabilities">1–50 distinct capability names the agent serves, such as <c>docs.render</c> (required).</param>
/// <param name="MaxConcurrency">Most tasks it holds at once, 1–1000; default 1.</param>
/// <param name="Labels">Free string labels, at most 50.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RegisterAgentRequest(
    string? Name = null,
    IReadOnlyList<string>? Capabilities = null,
    int? MaxConcurrency = null,
    IReadOnlyDictionary<string, string>? Labels = null);
