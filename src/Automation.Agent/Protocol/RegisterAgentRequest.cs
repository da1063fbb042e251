namespace Automation.Agent.Protocol;

/// <summary>The body of <c>POST /api/v1/agents</c>.</summary>
internal sealed record RegisterAgentRequest(string Name, IReadOnlyList<string> Capabilities, int MaxConcurrency, IReadOnlyDictionary<string, string> Labels);
