using System.Text.Json;
using Automation.Notifications;
using Automation.Secrets;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Notifications;

/// <summary>Notification channels in the <c>automation_channels</c> table (<c>sql/migrations/0005-notifications.sql</c>).</summary>
/// <remarks>The store never sees a secret or a key: it keeps what <see cref="SecretKeyRing"/> produced. A put is one upsert.</remarks>
public sealed class PostgresChannelStore : INotificationChannelStore
{
    private const string Columns = "name, type, settings::text, version, key_id, created_at, updated_at";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store.</summary>
    /// <param name="dataSource">The database.</param>
    public PostgresChannelStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc/>
    public async Task<ChannelMetadata> PutAsync(string name, string type, JsonElement settings, EncryptedSecret secrets, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(secrets);
        await using var command = _dataSource.CreateCommand(
            $"""
            INSERT INTO automation_channels (name, type, settings, key_id, nonce, ciphertext, tag, created_at, updated_at, version)
            VALUES (@name, @type, @settings::jsonb, @key_id, @nonce, @ciphertext, @tag, now(), now(), 1)
            ON CONFLICT (name) DO UPDATE SET
                type = excluded.type, settings = excluded.settings, key_id = excluded.key_id, nonce = excluded.nonce,
                ciphertext = excluded.ciphertext, tag = excluded.tag, updated_at = excluded.updated_at,
                version = automation_channels.version + 1
            RETURNING {Columns}
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<string>("type", NpgsqlDbType.Text) { TypedValue = type });
        command.Parameters.Add(new NpgsqlParameter<string>("settings", NpgsqlDbType.Text) { TypedValue = settings.GetRawText() });
        command.Parameters.Add(new NpgsqlParameter<string>("key_id", NpgsqlDbType.Text) { TypedValue = secrets.KeyId });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("nonce", NpgsqlDbType.Bytea) { TypedValue = secrets.Nonce });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("ciphertext", NpgsqlDbType.Bytea) { TypedValue = secrets.Ciphertext });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("tag", NpgsqlDbType.Bytea) { TypedValue = secrets.Tag });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return ReadMetadata(reader);
    }

    /// <inheritdoc/>
    public async Task<StoredChannel?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var command = _dataSource.CreateCommand($"SELECT {Columns}, nonce, ciphertext, tag FROM automation_channels WHERE name = @name");
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var metadata = ReadMetadata(reader);
        return new StoredChannel(metadata, new EncryptedSecret(
            metadata.KeyId, reader.GetFieldValue<byte[]>(7), reader.GetFieldValue<byte[]>(8), reader.GetFieldValue<byte[]>(9)));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ChannelMetadata>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM automation_channels ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var channels = new List<ChannelMetadata>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            channels.Add(ReadMetadata(reader));
        }

        return channels;
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var command = _dataSource.CreateCommand("DELETE FROM automation_channels WHERE name = @name");
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private static ChannelMetadata ReadMetadata(NpgsqlDataReader reader)
    {
        using var settings = JsonDocument.Parse(reader.GetString(2));
        return new(
            reader.GetString(0),
            reader.GetString(1),
            settings.RootElement.Clone(),
            reader.GetInt32(3),
            reader.GetString(4),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.GetFieldValue<DateTimeOffset>(6));
    }
}
