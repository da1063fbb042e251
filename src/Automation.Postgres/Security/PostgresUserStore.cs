using Automation.Security;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Security;

/// <summary>Users in the <c>automation_users</c> table.</summary>
/// <param name="dataSource">The database.</param>
public sealed class PostgresUserStore(NpgsqlDataSource dataSource) : IUserStore
{
    private const string Columns =
        "username, password_hash, roles, disabled, failed_logins, locked_until, mfa_secret, mfa_enabled, mfa_last_step, recovery_codes, created_at, updated_at";

    /// <inheritdoc/>
    public async Task<UserAccount?> FindAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM automation_users WHERE username = @username");
        command.Parameters.Add(Text("username", username));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM automation_users ORDER BY username");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var users = new List<UserAccount>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            users.Add(Read(reader));
        }

        return users;
    }

    /// <inheritdoc/>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM automation_users)");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public Task<bool> CreateAsync(UserAccount user, CancellationToken cancellationToken = default) =>
        InsertAsync(user, "ON CONFLICT (username) DO NOTHING", cancellationToken);

    /// <inheritdoc/>
    public async Task<bool> CreateFirstAsync(UserAccount user, CancellationToken cancellationToken = default)
    {
        // Serialized with every other first-start attempt by a transaction-scoped advisory lock ("AUTU" in ASCII).
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(1096111189)", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO automation_users ({Columns})
            SELECT @username, @password_hash, @roles, @disabled, @failed_logins, @locked_until, @mfa_secret, @mfa_enabled, @mfa_last_step, @recovery_codes, @created_at, @updated_at
            WHERE NOT EXISTS (SELECT 1 FROM automation_users)
            """,
            connection,
            transaction);
        AddAll(command.Parameters, user);
        var created = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <inheritdoc/>
    public async Task<bool> UpdateAsync(UserAccount user, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE automation_users SET password_hash = @password_hash, roles = @roles, disabled = @disabled,
                failed_logins = @failed_logins, locked_until = @locked_until, mfa_secret = @mfa_secret, mfa_enabled = @mfa_enabled,
                mfa_last_step = @mfa_last_step, recovery_codes = @recovery_codes, updated_at = @updated_at
            WHERE username = @username
            """);
        AddAll(command.Parameters, user);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task RecordFailureAsync(string username, int maxFailures, DateTimeOffset lockedUntil, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE automation_users SET
                failed_logins = CASE WHEN locked_until <= @now THEN 1 ELSE failed_logins + 1 END,
                locked_until = CASE
                    WHEN locked_until <= @now THEN (CASE WHEN 1 >= @max THEN @until ELSE NULL END)
                    WHEN failed_logins + 1 >= @max THEN @until
                    ELSE locked_until END,
                updated_at = @now
            WHERE username = @username
            """);
        command.Parameters.Add(Text("username", username));
        command.Parameters.Add(new NpgsqlParameter<int>("max", NpgsqlDbType.Integer) { TypedValue = maxFailures });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("until", NpgsqlDbType.TimestampTz) { TypedValue = lockedUntil });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task RecordSuccessAsync(string username, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE automation_users SET failed_logins = 0, locked_until = NULL, updated_at = @now WHERE username = @username AND (failed_logins <> 0 OR locked_until IS NOT NULL)");
        command.Parameters.Add(Text("username", username));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> ConsumeSecondFactorAsync(UserAccount read, UserAccount used, CancellationToken cancellationToken = default)
    {
        // Under READ COMMITTED a concurrent UPDATE of the row makes this one re-check its WHERE on the new version.
        await using var command = dataSource.CreateCommand(
            """
            UPDATE automation_users SET mfa_last_step = @new_step, recovery_codes = @new_codes, updated_at = @now
            WHERE username = @username AND mfa_enabled AND mfa_last_step = @read_step AND recovery_codes = @read_codes
            """);
        command.Parameters.Add(Text("username", read.Username));
        command.Parameters.Add(new NpgsqlParameter<long>("read_step", NpgsqlDbType.Bigint) { TypedValue = read.MfaLastStep });
        command.Parameters.Add(TextArray("read_codes", read.RecoveryCodes));
        command.Parameters.Add(new NpgsqlParameter<long>("new_step", NpgsqlDbType.Bigint) { TypedValue = used.MfaLastStep });
        command.Parameters.Add(TextArray("new_codes", used.RecoveryCodes));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = used.UpdatedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM automation_users WHERE username = @username");
        command.Parameters.Add(Text("username", username));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<bool> InsertAsync(UserAccount user, string conflict, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            INSERT INTO automation_users ({Columns})
            VALUES (@username, @password_hash, @roles, @disabled, @failed_logins, @locked_until, @mfa_secret, @mfa_enabled, @mfa_last_step, @recovery_codes, @created_at, @updated_at)
            {conflict}
            """);
        AddAll(command.Parameters, user);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static void AddAll(NpgsqlParameterCollection parameters, UserAccount user)
    {
        parameters.Add(Text("username", user.Username));
        parameters.Add(Text("password_hash", user.PasswordHash));
        parameters.Add(TextArray("roles", user.Roles));
        parameters.Add(new NpgsqlParameter<bool>("disabled", NpgsqlDbType.Boolean) { TypedValue = user.Disabled });
        parameters.Add(new NpgsqlParameter<int>("failed_logins", NpgsqlDbType.Integer) { TypedValue = user.FailedLogins });
        parameters.Add(new NpgsqlParameter("locked_until", NpgsqlDbType.TimestampTz) { Value = (object?)user.LockedUntil ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("mfa_secret", NpgsqlDbType.Text) { Value = (object?)user.MfaSecret ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter<bool>("mfa_enabled", NpgsqlDbType.Boolean) { TypedValue = user.MfaEnabled });
        parameters.Add(new NpgsqlParameter<long>("mfa_last_step", NpgsqlDbType.Bigint) { TypedValue = user.MfaLastStep });
        parameters.Add(TextArray("recovery_codes", user.RecoveryCodes));
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("created_at", NpgsqlDbType.TimestampTz) { TypedValue = user.CreatedAt });
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("updated_at", NpgsqlDbType.TimestampTz) { TypedValue = user.UpdatedAt });
    }

    private static UserAccount Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetFieldValue<string[]>(2),
        reader.GetBoolean(3),
        reader.GetInt32(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetBoolean(7),
        reader.GetInt64(8),
        reader.GetFieldValue<string[]>(9),
        reader.GetFieldValue<DateTimeOffset>(10),
        reader.GetFieldValue<DateTimeOffset>(11));

    private static NpgsqlParameter<string> Text(string name, string value) => new(name, NpgsqlDbType.Text) { TypedValue = value };

    private static NpgsqlParameter<string[]> TextArray(string name, IReadOnlyList<string> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] };
}
