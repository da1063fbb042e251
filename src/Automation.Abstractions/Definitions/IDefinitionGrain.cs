using System.Text.Json;

namespace Automation.Definitions;

/// <summary>Holds the immutable numbered versions of one workflow definition, keyed by definition name.</summary>
[Alias("automation.IDefinitionGrain")]
public interface IDefinitionGrain : IGrainWithStringKey
{
    /// <summary>Validates <paramref name="document"/> and stores it as the next version.</summary>
    /// <param name="document">The definition JSON as submitted.</param>
    /// <returns>The stored version, or the validation errors (nothing is stored then).</returns>
    [Alias("Register")]
    Task<RegisterDefinitionResult> RegisterAsync(JsonElement document);

    /// <summary>Validates <paramref name="document"/> and stores it as the next version, recording who registered it.</summary>
    /// <param name="document">The definition JSON as submitted.</param>
    /// <param name="registeredBy">The caller's identity.</param>
    /// <returns>The stored version, or the validation errors (nothing is stored then).</returns>
    [Alias("RegisterBy")]
    Task<RegisterDefinitionResult> RegisterAsync(JsonElement document, string? registeredBy);

    /// <summary>
    /// Validates <paramref name="document"/> exactly as <see cref="RegisterAsync(JsonElement, string?)"/> does, and
    /// says whether registering it would add a version, without storing anything.
    /// </summary>
    /// <param name="document">The definition JSON as it would be submitted.</param>
    /// <returns>The errors, the parsed definition when valid, and whether it differs from the latest version.</returns>
    [Alias("Validate")]
    Task<DefinitionValidationResult> ValidateAsync(JsonElement document);

    /// <summary>Reads one version, or the latest when <paramref name="version"/> is null.</summary>
    /// <param name="version">The version number, or <see langword="null"/> for the latest.</param>
    /// <returns>The definition, or <see langword="null"/> when it does not exist.</returns>
    [Alias("Get")]
    Task<WorkflowDefinition?> GetAsync(int? version);

    /// <summary>Lists every version, oldest first, with who registered it and its deprecation.</summary>
    /// <returns>The versions; empty when the definition does not exist.</returns>
    [Alias("ListVersions")]
    Task<IReadOnlyList<DefinitionVersionInfo>> ListVersionsAsync();

    /// <summary>The deprecation that refuses new starts of <paramref name="version"/>: its own, else the whole definition's.</summary>
    /// <param name="version">The version to be started.</param>
    /// <returns>The deprecation, or <see langword="null"/> when the version may be started.</returns>
    [Alias("GetDeprecation")]
    Task<DefinitionDeprecation?> GetDeprecationAsync(int version);

    /// <summary>Deprecates a version or the whole definition; running workflows are not affected.</summary>
    /// <param name="command">What to deprecate.</param>
    /// <returns>Done, or why not.</returns>
    [Alias("Deprecate")]
    Task<DefinitionChangeResult> DeprecateAsync(DeprecateDefinitionCommand command);

    /// <summary>Removes the deprecation of a version or of the whole definition.</summary>
    /// <param name="version">The version, or <see langword="null"/> for the whole definition's.</param>
    /// <returns>Done, or why not.</returns>
    [Alias("Undeprecate")]
    Task<DefinitionChangeResult> UndeprecateAsync(int? version);

    /// <summary>Deletes a version or the whole definition, only when no workflow (running or finished, until retention purges it) uses it.</summary>
    /// <param name="version">The version, or <see langword="null"/> for every version.</param>
    /// <param name="by">Who asks.</param>
    /// <returns>Done, or why not (with the number of workflows using it).</returns>
    [Alias("Delete")]
    Task<DefinitionChangeResult> DeleteAsync(int? version, string by);
}
