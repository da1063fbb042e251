namespace Automation.Definitions;

/// <summary>
/// What registering a document would do, found without storing anything: the errors registration would give, the
/// parsed definition when it is valid, and whether it would add a version.
/// </summary>
/// <param name="Errors">Every validation error registration would give; empty when the document is valid.</param>
/// <param name="Definition">The parsed definition (version 0, never stored) when the document is valid.</param>
/// <param name="Changed">
/// Whether a registration would store a new version: there is no version yet, the document differs from the latest
/// version, or the latest version is deprecated.
/// </param>
/// <param name="LatestVersion">The latest stored version, or <see langword="null"/> when the definition has none.</param>
[GenerateSerializer, Immutable, Alias("automation.DefinitionValidationResult")]
public sealed record DefinitionValidationResult(
    [property: Id(0)] IReadOnlyList<ValidationError> Errors,
    [property: Id(1)] WorkflowDefinition? Definition,
    [property: Id(2)] bool Changed,
    [property: Id(3)] int? LatestVersion);
