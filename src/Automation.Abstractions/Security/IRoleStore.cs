namespace Automation.Security;

/// <summary>Custom roles (and built-in roles' settings) in PostgreSQL.</summary>
public interface IRoleStore
{
    /// <summary>Lists every stored role.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The roles, ordered by name.</returns>
    Task<IReadOnlyList<StoredRole>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a role.</summary>
    /// <param name="role">The role.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when it was created, <see langword="false"/> when replaced.</returns>
    Task<bool> UpsertAsync(StoredRole role, CancellationToken cancellationToken = default);

    /// <summary>Deletes a role.</summary>
    /// <param name="name">The role name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when absent.</returns>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
