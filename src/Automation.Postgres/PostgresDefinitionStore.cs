using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

using Automation.Persistence;

namespace Automation.Postgres;

/// <summary>Immutable definition versions in the <c>automation_definitions</c> table.</summary>
/// <remarks>
/// Version numbers are assigned under a transaction-scoped advisory lock on the definition name, so
/// concurrent inserts of one name get 1, 2, 3, ... without gaps or duplicates, and different names do
/// not wait for each other. Documents are stored as <c>json</c> (not <c>jsonb</c>), so what
/// comes back is the text exactly as registered, key order and whitespace included.
/// </remarks>
public sealed partial class PostgresDefinitionStore : IDefinitionStore
{
    // First half of the two-key advisory lock; the second is hashtext(name). "AUTD" in ASCII.
    private const int LockClass = 0x4155_5444;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store.</summary>
    /// <param name="dataSource">The database.</param>
    public PostgresDefinitionStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc/>
    public async Task<StoredDefinition> InsertAsync(string name, JsonElement document, string? registeredBy = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var stored = document.Clone();

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);

        var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@lock_class, hashtext(@name))");
        lockCommand.Parameters.Add(new NpgsqlParameter<int>("lock_class", NpgsqlDbType.Integer) { TypedValue = LockClass });
        lockCommand.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        batch.BatchCommands.Add(lockCommand);

        // Read committed: this statement's snapshot is taken after the lock is held, so it sees the
        // version the previous holder committed.
        var insertCommand = new NpgsqlBatchCommand(
            """
            INSERT INTO automation_definitions (name, version, document, description, created_at, registered_by)
            SELECT @name,
                   GREATEST(COALESCE(max(version), 0),
                            COALESCE((SELECT max_version FROM automation_definition_deleted_versions WHERE name = @name), 0)) + 1,
                   @document, @description, now(), @registered_by
            FROM automation_definitions
            WHERE name = @name
            RETURNING version, created_at
            """);
        insertCommand.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        insertCommand.Parameters.Add(new NpgsqlParameter<string>("document", NpgsqlDbType.Json) { TypedValue = stored.GetRawText() });
        insertCommand.Parameters.Add(new NpgsqlParameter("description", NpgsqlDbType.Text) { Value = (object?)ReadDescription(stored) ?? DBNull.Value });
        insertCommand.Parameters.Add(new NpgsqlParameter("registered_by", NpgsqlDbType.Text) { Value = (object?)registeredBy ?? DBNull.Value });
        batch.BatchCommands.Add(insertCommand);

        int version;
        DateTimeOffset createdAt;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            version = reader.GetInt32(0);
            createdAt = reader.GetFieldValue<DateTimeOffset>(1);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new StoredDefinition(name, version, stored, createdAt);
    }

    /// <inheritdoc/>
    public async Task<StoredDefinition?> GetAsync(string name, int? version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var command = _dataSource.CreateCommand(
            version is null
                ? "SELECT version, document::text, created_at FROM automation_definitions WHERE name = @name ORDER BY version DESC LIMIT 1"
                : "SELECT version, document::text, created_at FROM automation_definitions WHERE name = @name AND version = @version");
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        if (version is { } requested)
        {
            command.Parameters.Add(new NpgsqlParameter<int>("version", NpgsqlDbType.Integer) { TypedValue = requested });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        using var document = JsonDocument.Parse(reader.GetString(1));
        return new StoredDefinition(name, reader.GetInt32(0), document.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(2));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DefinitionSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT DISTINCT ON (name) name, version, description, created_at
            FROM automation_definitions
            ORDER BY name, version DESC
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var summaries = new List<DefinitionSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            summaries.Add(new DefinitionSummary(
                reader.GetString(0),
                reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return summaries;
    }

    private static string? ReadDescription(JsonElement document) =>
        document.ValueKind == JsonValueKind.Object
            && document.TryGetProperty("description", out var description)
            && description.ValueKind == JsonValueKind.String
                ? description.GetString()
                : null;
}
