namespace Automation.Api.Contracts;

/// <summary>Every definition with its latest version, ordered by name.</summary>
/// <param name="Items">The definitions.</param>
public sealed record DefinitionListResponse(IReadOnlyList<DefinitionSummary> Items);
