using Automation.Secrets;

namespace Automation.Persistence;

/// <summary>
/// Workflow secrets at rest, one row per name. The store only ever sees encrypted values (<see cref="EncryptedSecret"/>);
/// <see cref="SecretVault"/> encrypts and decrypts with the configured keys, kept outside the database.
/// </summary>
public interface ISecretStore
{
    /// <summary>Creates the secret (version 1) or replaces its value (version + 1).</summary>
    /// <param name="name">A valid secret name.</param>
    /// <param name="secret">The value, encrypted for <paramref name="name"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The secret's metadata after the write; <see cref="SecretMetadata.Version"/> is 1 when it was created.</returns>
    Task<SecretMetadata> PutAsync(string name, EncryptedSecret secret, CancellationToken cancellationToken = default);

    /// <summary>Reads one secret, encrypted.</summary>
    /// <param name="name">The secret name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The secret, or <see langword="null"/> when there is none of that name.</returns>
    Task<StoredSecret?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists every secret's metadata (never a value), ordered by name.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The metadata.</returns>
    Task<IReadOnlyList<SecretMetadata>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a secret.</summary>
    /// <param name="name">The secret name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when it existed.</returns>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
