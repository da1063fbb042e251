namespace Automation.Postgres.Statistics;

/// <summary>A definition's failures in a window.</summary>
/// <param name="Definition">The definition name.</param>
/// <param name="Failed">Its workflows that failed or timed out in the window.</param>
/// <param name="Finished">Its workflows that finished in the window (any outcome).</param>
public sealed record FailingDefinition(string Definition, long Failed, long Finished);
