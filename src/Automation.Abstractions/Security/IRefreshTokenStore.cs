namespace Automation.Security;

/// <summary>Refresh tokens (hashed) in PostgreSQL, with rotation and reuse detection.</summary>
public interface IRefreshTokenStore
{
    /// <summary>Stores a new token (a sign-in starts a family).</summary>
    /// <param name="token">The token.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once stored.</returns>
    Task InsertAsync(RefreshTokenRecord token, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uses the token with hash <paramref name="hash"/>: when it is valid, marks it used and stores
    /// <paramref name="successor"/> (built from the family and subject it returns) in one transaction; when it was
    /// used before, revokes its family.
    /// </summary>
    /// <param name="hash">The presented token's hash.</param>
    /// <param name="successor">Builds the next token of the family from (family, subject).</param>
    /// <param name="now">The time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The outcome, and the successor when rotated.</returns>
    Task<(RefreshOutcome Outcome, RefreshTokenRecord? Successor)> RotateAsync(
        byte[] hash, Func<Guid, string, RefreshTokenRecord> successor, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Revokes the family of the token with hash <paramref name="hash"/> (logout).</summary>
    /// <param name="hash">The token's hash.</param>
    /// <param name="subject">Only a token of this subject is revoked.</param>
    /// <param name="now">The time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when a family was revoked.</returns>
    Task<bool> RevokeFamilyAsync(byte[] hash, string subject, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Revokes every token of a subject (password change, user disabled or deleted).</summary>
    /// <param name="subject">The username.</param>
    /// <param name="now">The time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once revoked.</returns>
    Task RevokeSubjectAsync(string subject, DateTimeOffset now, CancellationToken cancellationToken = default);
}
