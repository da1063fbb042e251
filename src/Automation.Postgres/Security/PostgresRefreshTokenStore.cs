using Automation.Security;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Security;

/// <summary>Refresh tokens in the <c>automation_refresh_tokens</c> table.</summary>
/// <param name="dataSource">The database.</param>
public sealed class PostgresRefreshTokenStore(NpgsqlDataSource dataSource) : IRefreshTokenStore
{
    /// <inheritdoc/>
    public async Task InsertAsync(RefreshTokenRecord token, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await InsertAsync(connection, null, token, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<(RefreshOutcome Outcome, RefreshTokenRecord? Successor)> RotateAsync(
        byte[] hash, Func<Guid, string, RefreshTokenRecord> successor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The row lock makes two concurrent uses of one token see each other: the second finds it used.
        Guid family;
        string subject;
        await using (var select = new NpgsqlCommand(
            "SELECT family_id, subject, expires_at, used_at, revoked_at FROM automation_refresh_tokens WHERE token_hash = @hash FOR UPDATE",
            connection,
            transaction))
        {
            select.Parameters.Add(new NpgsqlParameter<byte[]>("hash", NpgsqlDbType.Bytea) { TypedValue = hash });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return (RefreshOutcome.Invalid, null);
            }

            family = reader.GetGuid(0);
            subject = reader.GetString(1);
            var expires = reader.GetFieldValue<DateTimeOffset>(2);
            var used = !reader.IsDBNull(3);
            var revoked = !reader.IsDBNull(4);
            await reader.CloseAsync().ConfigureAwait(false);
            if (revoked || expires <= now)
            {
                return (RefreshOutcome.Invalid, null);
            }

            if (used)
            {
                await RevokeFamilyAsync(connection, transaction, family, now, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (RefreshOutcome.Reused, null);
            }
        }

        await using (var use = new NpgsqlCommand("UPDATE automation_refresh_tokens SET used_at = @now WHERE token_hash = @hash", connection, transaction))
        {
            use.Parameters.Add(new NpgsqlParameter<byte[]>("hash", NpgsqlDbType.Bytea) { TypedValue = hash });
            use.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
            await use.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var next = successor(family, subject);
        await InsertAsync(connection, transaction, next, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (RefreshOutcome.Rotated, next);
    }

    /// <inheritdoc/>
    public async Task<bool> RevokeFamilyAsync(byte[] hash, string subject, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE automation_refresh_tokens SET revoked_at = @now
            WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM automation_refresh_tokens WHERE token_hash = @hash AND subject = @subject)
            """);
        command.Parameters.Add(new NpgsqlParameter<byte[]>("hash", NpgsqlDbType.Bytea) { TypedValue = hash });
        command.Parameters.Add(new NpgsqlParameter<string>("subject", NpgsqlDbType.Text) { TypedValue = subject });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public async Task RevokeSubjectAsync(string subject, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE automation_refresh_tokens SET revoked_at = @now WHERE subject = @subject AND revoked_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter<string>("subject", NpgsqlDbType.Text) { TypedValue = subject });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task RevokeFamilyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid family, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("UPDATE automation_refresh_tokens SET revoked_at = @now WHERE family_id = @family AND revoked_at IS NULL", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid>("family", NpgsqlDbType.Uuid) { TypedValue = family });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, RefreshTokenRecord token, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO automation_refresh_tokens (token_hash, family_id, subject, created_at, expires_at)
            VALUES (@hash, @family, @subject, @created_at, @expires_at)
            """,
            connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter<byte[]>("hash", NpgsqlDbType.Bytea) { TypedValue = token.Hash });
        command.Parameters.Add(new NpgsqlParameter<Guid>("family", NpgsqlDbType.Uuid) { TypedValue = token.FamilyId });
        command.Parameters.Add(new NpgsqlParameter<string>("subject", NpgsqlDbType.Text) { TypedValue = token.Subject });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("created_at", NpgsqlDbType.TimestampTz) { TypedValue = token.CreatedAt });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("expires_at", NpgsqlDbType.TimestampTz) { TypedValue = token.ExpiresAt });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
