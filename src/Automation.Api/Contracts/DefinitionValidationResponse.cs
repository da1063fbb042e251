using Automation.Definitions;

namespace Automation.Api.Contracts;

/// <summary>What <c>PUT /api/v1/definitions/{name}</c> would do with a document, found without registering anything.</summary>
/// <param name="Valid">Whether PUT would accept the document.</param>
/// <param name="Errors">Every error PUT would answer, by JSON path; empty when valid.</param>
/// <param name="Graph">The steps as a graph (for a preview) when the document is valid; otherwise <see langword="null"/>.</param>
/// <param name="Changed">
/// Whether PUT would register a new version: the definition has none yet, the document differs from the latest
/// version (member order and whitespace aside), or the latest version is deprecated. When <see langword="false"/>,
/// PUT would answer 200 with the latest version and store nothing.
/// </param>
/// <param name="LatestVersion">The latest registered version, or <see langword="null"/> when there is none.</param>
public sealed record DefinitionValidationResponse(
    bool Valid,
    IReadOnlyList<DefinitionValidationError> Errors,
    DefinitionGraphResponse? Graph,
    bool Changed,
    int? LatestVersion)
{
    /// <summary>Maps the grain's answer.</summary>
    /// <param name="result">The validation result.</param>
    /// <returns>The response.</returns>
    public static DefinitionValidationResponse From(DefinitionValidationResult result) => new(
        result.Errors.Count == 0,
        [.. result.Errors.Select(e => new DefinitionValidationError(e.Path, e.Message, null, null))],
        result.Definition is { } d && result.Errors.Count == 0 ? DefinitionGraphResponse.From(d) : null,
        result.Changed,
        result.LatestVersion);
}
