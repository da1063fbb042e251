using Automation.Persistence;
using Automation.Secrets;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres;

/// <summary>Encrypted workflow secrets in the <c>automation_secrets</c> table (<c>sql/migrations/0002-secrets.sql</c>).</summary>
/// <remarks>
/// The store never sees a value or a key: it keeps what <see cref="SecretKeyRing"/> produced. A put is one upsert
/// statement, so concurrent puts of one name are serialized by the row lock and each gets its own version.
/// </remarks>
public sealed class PostgresSecretStore : ISecretStore
{
    private const string Columns = "name, version, key_id, created_at, updated_at";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store.</summary>
    /// <param name="dataSource">The database.</param>
    public PostgresSecretStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc/>
    public async Task<SecretMetadata> PutAsync(string name, EncryptedSecret secret, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(secret);
        await using var command = _dataSource.CreateCommand(
            $"""
            INSERT INTO automation_secrets (name, key_id, nonce, ciphertext, tag, created_at, updated_at, version)
            VALUES (@name, @key_id, @nonce, @ciphertext, @tag, now(), now(), 1)
            ON CONFLICT (name) DO UPDATE SET
                key_id = excluded.key_id, nonce = excluded.nonce, ciphertext = excluded.ciphertext, tag = excluded.tag,
                updated_at = excluded.updated_at, version = automation_secrets.version + 1
            RETURNING {Columns}
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<string>("key_id", NpgsqlDbType.Text) { TypedValue = secret.KeyId });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("nonce", NpgsqlDbType.Bytea) { TypedValue = secret.Nonce });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("ciphertext", NpgsqlDbType.Bytea) { TypedValue = secret.Ciphertext });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("tag", NpgsqlDbType.Bytea) { TypedValue = secret.Tag });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return ReadMetadata(reader);
    }

    /// <inheritdoc/>
    public async Task<StoredSecret?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var command = _dataSource.CreateCommand($"SELECT {Columns}, nonce, ciphertext, tag FROM automation_secrets WHERE name = @name");
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var metadata = ReadMetadata(reader);
        return new StoredSecret(metadata, new EncryptedSecret(
            metadata.KeyId, reader.GetFieldValue<byte[]>(5), reader.GetFieldValue<byte[]>(6), reader.GetFieldValue<byte[]>(7)));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SecretMetadata>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM automation_secrets ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var secrets = new List<SecretMetadata>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            secrets.Add(ReadMetadata(reader));
        }

        return secrets;
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var command = _dataSource.CreateCommand("DELETE FROM automation_secrets WHERE name = @name");
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private static SecretMetadata ReadMetadata(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt32(1),
        reader.GetString(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetFieldValue<DateTimeOffset>(4));
}
