using Automation.Security;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Security;

/// <summary>API keys in the <c>automation_api_keys</c> table.</summary>
/// <param name="dataSource">The database.</param>
public sealed class PostgresApiKeyStore(NpgsqlDataSource dataSource) : IApiKeyStore
{
    private const string Columns = "id, name, key_hash, permissions, created_by, created_at, expires_at, last_used_at, revoked_at";

    /// <inheritdoc/>
    public async Task InsertAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO automation_api_keys ({Columns}) VALUES (@id, @name, @key_hash, @permissions, @created_by, @created_at, @expires_at, NULL, NULL)");
        command.Parameters.Add(Text("id", key.Id));
        command.Parameters.Add(Text("name", key.Name));
        command.Parameters.Add(new NpgsqlParameter<byte[]>("key_hash", NpgsqlDbType.Bytea) { TypedValue = key.KeyHash });
        command.Parameters.Add(new NpgsqlParameter<string[]>("permissions", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. key.Permissions] });
        command.Parameters.Add(Text("created_by", key.CreatedBy));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("created_at", NpgsqlDbType.TimestampTz) { TypedValue = key.CreatedAt });
        command.Parameters.Add(new NpgsqlParameter("expires_at", NpgsqlDbType.TimestampTz) { Value = (object?)key.ExpiresAt ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM automation_api_keys WHERE id = @id");
        command.Parameters.Add(Text("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM automation_api_keys ORDER BY created_at DESC, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    /// <inheritdoc/>
    public async Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE automation_api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL");
        command.Parameters.Add(Text("id", id));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task TouchAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE automation_api_keys SET last_used_at = @now WHERE id = @id");
        command.Parameters.Add(Text("id", id));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ApiKeyRecord Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetFieldValue<byte[]>(2),
        reader.GetFieldValue<string[]>(3),
        reader.GetString(4),
        reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8));

    private static NpgsqlParameter<string> Text(string name, string value) => new(name, NpgsqlDbType.Text) { TypedValue = value };
}
