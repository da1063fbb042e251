using System.Text.Json;

namespace Automation.Persistence;

/// <summary>Immutable definition versions in PostgreSQL. Writes go through the definition grain, which serializes them per name.</summary>
public interface IDefinitionStore
{
    /// <summary>Stores <paramref name="document"/> as version (latest + 1) of <paramref name="name"/>.</summary>
    /// <param name="name">The definition name.</param>
    /// <param name="document">The validated definition JSON.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored version.</returns>
    Task<StoredDefinition> InsertAsync(string name, JsonElement document, CancellationToken cancellationToken = default);

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
}
