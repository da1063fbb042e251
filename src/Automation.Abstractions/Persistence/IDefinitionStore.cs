using System.Text.Json;

namespace Automation.Persistence;

/// <summary>Immutable definition versions in PostgreSQL. Writes go through the definition grain, which serializes them per name.</summary>
public interface IDefinitionStore
{
    /// <summary>Stores <paramref name="document"/> as version (latest + 1) of <paramref name="name"/>.</summary>
    /// <param name="name">The definition name.</param>
    /// <param name="document">The validated definition JSON.</param>
    /// <param name="registeredBy">Who registers it, or <see langword="null"/> when unknown.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored version.</returns>
    /// <remarks>A version number is never given twice while the definition exists: numbers of deleted versions are not reused.</remarks>
    Task<StoredDefinition> InsertAsync(string name, JsonElement document, string? registeredBy = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one version, or the latest when <paramref name="version"/> is null.</summary>
    /// <param name="name">The definition name.</param>
    /// <param name="version">The version, or <see langword="null"/> for the latest.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The version, or <see langword="null"/> when absent.</returns>
    Task<StoredDefinition?> GetAsync(string name, int? version, CancellationToken cancellationToken = default);

    /// <summary>Lists every definition with its latest version, ordered by name.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The summaries.</returns>
    Task<IReadOnlyList<DefinitionSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists every version of <paramref name="name"/>, oldest first.</summary>
    /// <param name="name">The definition name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The versions; empty when the definition does not exist.</returns>
    Task<IReadOnlyList<StoredDefinitionVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists the deprecations of <paramref name="name"/>: per version, and the whole definition's (version <see langword="null"/>).</summary>
    /// <param name="name">The definition name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The deprecations.</returns>
    Task<IReadOnlyList<Definitions.DefinitionDeprecation>> ListDeprecationsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Records (or replaces) a deprecation.</summary>
    /// <param name="name">The definition name.</param>
    /// <param name="deprecation">The deprecation; its version <see langword="null"/> deprecates the whole definition.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task SetDeprecationAsync(string name, Definitions.DefinitionDeprecation deprecation, CancellationToken cancellationToken = default);

    /// <summary>Removes a deprecation.</summary>
    /// <param name="name">The definition name.</param>
    /// <param name="version">The version, or <see langword="null"/> for the whole definition's deprecation.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether there was one.</returns>
    Task<bool> RemoveDeprecationAsync(string name, int? version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes one version, or every version, in one transaction and only when no workflow of the visibility table uses
    /// it; the deprecations of what is deleted go with it.
    /// </summary>
    /// <param name="name">The definition name.</param>
    /// <param name="version">The version, or <see langword="null"/> for the whole definition.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many versions were deleted, or how many workflows use them.</returns>
    Task<DefinitionDeleteResult> DeleteAsync(string name, int? version, CancellationToken cancellationToken = default);
}
