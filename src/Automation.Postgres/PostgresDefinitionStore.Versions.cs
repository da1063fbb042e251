using Automation.Definitions;
using Automation.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres;

/// <summary>Version listing, deprecations and deletion (migration 0007).</summary>
public sealed partial class PostgresDefinitionStore
{
    // The whole definition's deprecation is stored as version 0 (versions start at 1).
    private const int WholeDefinition = 0;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredDefinitionVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var command = _dataSource.CreateCommand(
            "SELECT version, description, created_at, registered_by FROM automation_definitions WHERE name = @name ORDER BY version");
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var versions = new List<StoredDefinitionVersion>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(new StoredDefinitionVersion(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return versions;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DefinitionDeprecation>> ListDeprecationsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var command = _dataSource.CreateCommand(
            """
            SELECT version, replacement, reason, deprecated_by, deprecated_at
            FROM automation_definition_deprecations WHERE name = @name ORDER BY version
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var deprecations = new List<DefinitionDeprecation>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var version = reader.GetInt32(0);
            deprecations.Add(new DefinitionDeprecation(
                version == WholeDefinition ? null : version,
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return deprecations;
    }

    /// <inheritdoc/>
    public async Task SetDeprecationAsync(string name, DefinitionDeprecation deprecation, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(deprecation);
        await using var command = _dataSource.CreateCommand(
            """
            INSERT INTO automation_definition_deprecations (name, version, replacement, reason, deprecated_by, deprecated_at)
            VALUES (@name, @version, @replacement, @reason, @by, @at)
            ON CONFLICT (name, version) DO UPDATE
            SET replacement = excluded.replacement, reason = excluded.reason,
                deprecated_by = excluded.deprecated_by, deprecated_at = excluded.deprecated_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<int>("version", NpgsqlDbType.Integer) { TypedValue = deprecation.Version ?? WholeDefinition });
        command.Parameters.Add(new NpgsqlParameter("replacement", NpgsqlDbType.Text) { Value = (object?)deprecation.Replacement ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("reason", NpgsqlDbType.Text) { Value = (object?)deprecation.Reason ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string>("by", NpgsqlDbType.Text) { TypedValue = deprecation.DeprecatedBy });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", NpgsqlDbType.TimestampTz) { TypedValue = deprecation.DeprecatedAt });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveDeprecationAsync(string name, int? version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var command = _dataSource.CreateCommand("DELETE FROM automation_definition_deprecations WHERE name = @name AND version = @version");
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<int>("version", NpgsqlDbType.Integer) { TypedValue = version ?? WholeDefinition });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public async Task<DefinitionDeleteResult> DeleteAsync(string name, int? version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The same lock as InsertAsync: no version is numbered while this one is deleted.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock_class, hashtext(@name))", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<int>("lock_class", NpgsqlDbType.Integer) { TypedValue = LockClass });
            lockCommand.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long inUse;
        await using (var count = new NpgsqlCommand(
            "SELECT count(*) FROM automation_workflows WHERE definition_name = @name AND (@version::integer IS NULL OR definition_version = @version)",
            connection, transaction))
        {
            count.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
            count.Parameters.Add(Version(version));
            inUse = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (inUse > 0)
        {
            return new DefinitionDeleteResult(0, inUse);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        var delete = new NpgsqlBatchCommand(
            "DELETE FROM automation_definitions WHERE name = @name AND (@version::integer IS NULL OR version = @version)");
        delete.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        delete.Parameters.Add(Version(version));
        batch.BatchCommands.Add(delete);

        // The whole definition's deprecation (version 0) stays when one version is deleted.
        var deprecations = new NpgsqlBatchCommand(
            "DELETE FROM automation_definition_deprecations WHERE name = @name AND (@version::integer IS NULL OR version = @version)");
        deprecations.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        deprecations.Parameters.Add(Version(version));
        batch.BatchCommands.Add(deprecations);

        // Numbers of deleted versions are not given again while the definition exists; a deleted definition starts over.
        var highWater = new NpgsqlBatchCommand(version is null
            ? "DELETE FROM automation_definition_deleted_versions WHERE name = @name"
            : """
              INSERT INTO automation_definition_deleted_versions (name, max_version) VALUES (@name, @version)
              ON CONFLICT (name) DO UPDATE SET max_version = GREATEST(automation_definition_deleted_versions.max_version, excluded.max_version)
              """);
        highWater.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        if (version is not null)
        {
            highWater.Parameters.Add(Version(version));
        }

        batch.BatchCommands.Add(highWater);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        var deleted = delete.RecordsAffected;
        if (deleted == 0)
        {
            // Nothing to delete: leave no high-water mark for a version that never existed.
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return new DefinitionDeleteResult(0, 0);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DefinitionDeleteResult(deleted, 0);
    }

    private static NpgsqlParameter Version(int? version) =>
        new("version", NpgsqlDbType.Integer) { Value = (object?)version ?? DBNull.Value };
}
