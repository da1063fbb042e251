namespace Automation.Security;

/// <summary>Users in PostgreSQL.</summary>
public interface IUserStore
{
    /// <summary>Reads a user.</summary>
    /// <param name="username">The login name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    Task<UserAccount?> FindAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>Lists every user, ordered by name.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The users.</returns>
    Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether any user exists.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="true"/> when at least one user exists.</returns>
    Task<bool> AnyAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a user.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when the name is taken.</returns>
    Task<bool> CreateAsync(UserAccount user, CancellationToken cancellationToken = default);

    /// <summary>Creates a user only when no user exists at all (first start), atomically.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when created.</returns>
    Task<bool> CreateFirstAsync(UserAccount user, CancellationToken cancellationToken = default);

    /// <summary>Replaces a user's stored fields (all but the name and creation time).</summary>
    /// <param name="user">The new state.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when the user does not exist.</returns>
    Task<bool> UpdateAsync(UserAccount user, CancellationToken cancellationToken = default);

    /// <summary>Counts a failed sign-in and locks the user once <paramref name="maxFailures"/> is reached.</summary>
    /// <param name="username">The login name.</param>
    /// <param name="maxFailures">Failures that lock.</param>
    /// <param name="lockedUntil">Until when a lock holds.</param>
    /// <param name="now">The time of the failure.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once recorded.</returns>
    Task RecordFailureAsync(string username, int maxFailures, DateTimeOffset lockedUntil, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes a user.</summary>
    /// <param name="username">The login name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when absent.</returns>
    Task<bool> DeleteAsync(string username, CancellationToken cancellationToken = default);
}
