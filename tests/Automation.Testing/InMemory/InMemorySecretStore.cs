using Automation.Persistence;
using Automation.Secrets;

namespace Automation.Testing.InMemory;

/// <summary>Encrypted secrets in memory, shared by every silo of one in-process cluster (cluster test tier).</summary>
public sealed class InMemorySecretStore : ISecretStore
{
    private readonly Dictionary<string, StoredSecret> _secrets = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<SecretMetadata> PutAsync(string name, EncryptedSecret secret, CancellationToken cancellationToken = default)
    {
        lock (_secrets)
        {
            var now = DateTimeOffset.UtcNow;
            var metadata = _secrets.TryGetValue(name, out var old)
                ? old.Metadata with { Version = old.Metadata.Version + 1, KeyId = secret.KeyId, UpdatedAt = now }
                : new SecretMetadata(name, 1, secret.KeyId, now, now);
            _secrets[name] = new StoredSecret(metadata, secret);
            return Task.FromResult(metadata);
        }
    }

    /// <inheritdoc />
    public Task<StoredSecret?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_secrets)
        {
            return Task.FromResult(_secrets.GetValueOrDefault(name));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SecretMetadata>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_secrets)
        {
            IReadOnlyList<SecretMetadata> list = [.. _secrets.Values.Select(s => s.Metadata).OrderBy(m => m.Name, StringComparer.Ordinal)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_secrets)
        {
            return Task.FromResult(_secrets.Remove(name));
        }
    }
}
