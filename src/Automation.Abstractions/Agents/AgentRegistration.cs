namespace Automation.Agents;

/// <summary>What an agent registers with.</summary>
/// <param name="Owner">The principal that registered it (only it may act as the agent).</param>
/// <param name="Name">A display name.</param>
/// <param name="Capabilities">The capabilities it serves.</param>
/// <param name="MaxConcurrency">Most tasks it holds at once.</param>
/// <param name="Labels">Free labels.</param>
[GenerateSerializer, Immutable, Alias("automation.AgentRegistration")]
public sealed record AgentRegistration(
    [property: Id(0)] string Owner,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Capabilities,
    [property: Id(3)] int MaxConcurrency,
    [property: Id(4)] IReadOnlyDictionary<string, string> Labels);
