using Automation.Persistence;

namespace Automation.Secrets;

/// <summary>Stores and reads secret values: encrypts with the <see cref="SecretKeyRing"/>, keeps ciphertext in the <see cref="ISecretStore"/>.</summary>
/// <param name="store">Where the encrypted values live.</param>
/// <param name="keys">The keys, configured outside the database.</param>
public sealed class SecretVault(ISecretStore store, SecretKeyRing keys)
{
    /// <summary>Whether a key is configured, so that values can be stored and read.</summary>
    public bool IsConfigured => keys.IsConfigured;

    /// <summary>Encrypts a value with the active key and stores it, creating the secret or replacing its value.</summary>
    /// <param name="name">A valid secret name.</param>
    /// <param name="value">The value (see <see cref="SecretNames.ValueProblem"/>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The metadata after the write; version 1 when the secret was created.</returns>
    /// <exception cref="ArgumentException">The name or the value is not acceptable.</exception>
    /// <exception cref="SecretsNotConfiguredException">No key is configured.</exception>
    public Task<SecretMetadata> PutAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        if (!SecretNames.IsValid(name))
        {
            throw new ArgumentException($"Not a valid secret name: {SecretNames.Rule}.", nameof(name));
        }

        if (SecretNames.ValueProblem(value) is { } problem)
        {
            throw new ArgumentException(problem, nameof(value));
        }

        return store.PutAsync(name, keys.Encrypt(name, value), cancellationToken);
    }

    /// <summary>Reads and decrypts a secret's value.</summary>
    /// <param name="name">The secret name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <see langword="null"/> when there is no secret of that name.</returns>
    /// <exception cref="SecretsNotConfiguredException">No key is configured.</exception>
    /// <exception cref="SecretUnreadableException">The stored value cannot be decrypted with the configured keys.</exception>
    public async Task<string?> GetValueAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!keys.IsConfigured)
        {
            throw new SecretsNotConfiguredException();
        }

        var stored = await store.GetAsync(name, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : keys.Decrypt(name, stored.Value);
    }
}
