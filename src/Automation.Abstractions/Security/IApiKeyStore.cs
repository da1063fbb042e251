namespace Automation.Security;

/// <summary>API keys (hashed) in PostgreSQL.</summary>
public interface IApiKeyStore
{
    /// <summary>Stores a new key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once stored.</returns>
    Task InsertAsync(ApiKeyRecord key, CancellationToken cancellationToken = default);

    /// <summary>Reads a key by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The key, or <see langword="null"/>.</returns>
    Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists every key, newest first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The keys.</returns>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Revokes a key.</summary>
    /// <param name="id">The id.</param>
    /// <param name="now">The time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when absent or already revoked.</returns>
    Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records that a key was used.</summary>
    /// <param name="id">The id.</param>
    /// <param name="now">The time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once recorded.</returns>
    Task TouchAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default);
}
