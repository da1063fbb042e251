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

    /// <summary>Clears the failed sign-in count and any lock after a successful sign-in.</summary>
    /// <param name="username">The login name.</param>
    /// <param name="now">The time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once recorded.</returns>
    Task RecordSuccessAsync(string username, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a used second factor only if nobody used one since <paramref name="read"/> was read (compare-and-set on
    /// the last TOTP step and the recovery codes), so one code signs in once even when sent concurrently.
    /// </summary>
    /// <param name="read">The user as read before checking the code.</param>
    /// <param name="used">The user with the step recorded or the recovery code removed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when another sign-in used a code first.</returns>
    Task<bool> ConsumeSecondFactorAsync(UserAccount read, UserAccount used, CancellationToken cancellationToken = default);

    /// <summary>Deletes a user.</summary>
    /// <param name="username">The login name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when absent.</returns>
    Task<bool> DeleteAsync(string username, CancellationToken cancellationToken = default);
}
