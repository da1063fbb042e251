using Automation.Security;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Security;

/// <summary>Roles in the <c>automation_roles</c> table.</summary>
/// <param name="dataSource">The database.</param>
public sealed class PostgresRoleStore(NpgsqlDataSource dataSource) : IRoleStore
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredRole>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT name, permissions, require_mfa, created_at, updated_at FROM automation_roles ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var roles = new List<StoredRole>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            roles.Add(new StoredRole(
                reader.GetString(0),
                reader.GetFieldValue<string[]>(1),
                reader.GetBoolean(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return roles;
    }

    /// <inheritdoc/>
    public async Task<bool> UpsertAsync(StoredRole role, CancellationToken cancellationToken = default)
    {
        // xmax = 0 only on a freshly inserted row.
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO automation_roles (name, permissions, require_mfa, created_at, updated_at)
            VALUES (@name, @permissions, @require_mfa, @created_at, @updated_at)
            ON CONFLICT (name) DO UPDATE SET permissions = excluded.permissions, require_mfa = excluded.require_mfa, updated_at = excluded.updated_at
            RETURNING (xmax = 0)
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = role.Name });
        command.Parameters.Add(new NpgsqlParameter<string[]>("permissions", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. role.Permissions] });
        command.Parameters.Add(new NpgsqlParameter<bool>("require_mfa", NpgsqlDbType.Boolean) { TypedValue = role.RequireMfa });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("created_at", NpgsqlDbType.TimestampTz) { TypedValue = role.CreatedAt });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("updated_at", NpgsqlDbType.TimestampTz) { TypedValue = role.UpdatedAt });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM automation_roles WHERE name = @name");
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
