namespace Automation.Agents;

/// <summary>The answer to a poll.</summary>
/// <param name="Outcome">Ok, or why not.</param>
/// <param name="Tasks">The tasks leased to the agent (empty when the wait ended with none).</param>
[GenerateSerializer, Immutable, Alias("automation.AgentPollResult")]
public sealed record AgentPollResult(
    [property: Id(0)] AgentCallOutcome Outcome,
    [property: Id(1)] IReadOnlyList<AgentTaskRecord> Tasks);
