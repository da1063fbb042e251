namespace Automation.Api.Contracts;

/// <summary>Every version of a definition, oldest first.</summary>
/// <param name="Name">The definition name.</param>
/// <param name="Versions">The versions.</param>
public sealed record DefinitionVersionListResponse(string Name, IReadOnlyList<DefinitionVersionResponse> Versions);
