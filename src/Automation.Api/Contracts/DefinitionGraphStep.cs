namespace Automation.Api.Contracts;

/// <summary>One node of a definition's graph.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Type">The step type (<c>http</c>, <c>transform</c>, <c>agent</c>, …).</param>
/// <param name="DependsOn">The ids of the steps it waits for.</param>
/// <param name="When">Its condition template, if it has one.</param>
public sealed record DefinitionGraphStep(string Id, string Type, IReadOnlyList<string> DependsOn, string? When);
