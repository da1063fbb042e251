using Automation.Persistence;

namespace Automation.Api.Contracts;

/// <summary>Every definition with its latest version.</summary>
/// <param name="Items">The definitions, by name.</param>
public sealed record DefinitionListResponse(IReadOnlyList<DefinitionSummary> Items);
