namespace Automation.Api.Contracts;

/// <summary>A definition's failures in the dashboard's window.</summary>
/// <param name="Definition">The definition name.</param>
/// <param name="Failed">Its workflows that failed or timed out.</param>
/// <param name="Finished">Its workflows that finished, any outcome.</param>
public sealed record FailingDefinitionResponse(string Definition, long Failed, long Finished);
